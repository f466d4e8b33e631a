import type {
  ZegoCopyrightedMusicConfig,
  ZegoCopyrightedMusicDownloadResponse,
  ZegoCopyrightedMusicEvent,
  ZegoCopyrightedMusicGetKrcLyricByTokenResponse,
  ZegoCopyrightedMusicGetLrcLyricResponse,
  ZegoCopyrightedMusicGetStandardPitchResponse,
  ZegoCopyrightedMusicRequestConfig,
  ZegoCopyrightedMusicRequestResourceResponse,
  ZegoCopyrightedMusicRequestSharedResourceByTokenConfig,
  ZegoCopyrightedMusicResourceType,
  ZegoCopyrightedMusicSendExtendedRequestResponse,
  ZegoCopyrightedMusicVendorID,
  ZegoStartScoreParams,
} from 'zego-express-engine-webrtc/sdk/code/zh/ZegoCopyrightedMusicEntity.web';
import { Code } from '../shared/codes.js';
import { refuseAsync, refuseSync } from './cloud-only.js';
import { MediaEmitter } from './media-element.js';

const FEATURE = "copyrighted music (ZEGO's song catalogue, lyrics and scoring)";

/**
 * `createCopyrightedMusic()`: every method exists and refuses, since the catalogue, downloads, lyrics and scoring
 * are ZEGO's cloud services. Promises reject `{errorCode: 1101003, extendedData}`; the methods that answer a number
 * answer 1101003 (the SDK's numbers are error codes, 0 for success); `on`/`off` work (nothing will fire).
 */
export class ZegoCopyrightedMusic {
  private readonly events = new MediaEmitter<ZegoCopyrightedMusicEvent>();

  /** @cloud copyrighted music */
  static getInstance(_engine: unknown): ZegoCopyrightedMusic {
    return new ZegoCopyrightedMusic();
  }

  destroyInstance(): void {
    this.events.clear();
  }

  /** @cloud copyrighted music */
  initCopyrightedMusic(_config: ZegoCopyrightedMusicConfig): Promise<number> {
    return refuseAsync('initCopyrightedMusic', FEATURE);
  }

  /** @cloud copyrighted music */
  sendExtendedRequest(_command: string, _params: unknown): Promise<ZegoCopyrightedMusicSendExtendedRequestResponse> {
    return refuseAsync('sendExtendedRequest', FEATURE);
  }

  /** @cloud copyrighted music */
  requestResource(
    _config: ZegoCopyrightedMusicRequestConfig,
    _type: ZegoCopyrightedMusicResourceType,
  ): Promise<ZegoCopyrightedMusicRequestResourceResponse> {
    return refuseAsync('requestResource', FEATURE);
  }

  /** @cloud copyrighted music */
  getSharedResource(
    _config: ZegoCopyrightedMusicRequestConfig,
    _type: ZegoCopyrightedMusicResourceType,
  ): Promise<ZegoCopyrightedMusicRequestResourceResponse> {
    return refuseAsync('getSharedResource', FEATURE);
  }

  /** @cloud copyrighted music */
  getSharedResourceByToken(
    _config: ZegoCopyrightedMusicRequestSharedResourceByTokenConfig,
  ): Promise<ZegoCopyrightedMusicRequestResourceResponse> {
    return refuseAsync('getSharedResourceByToken', FEATURE);
  }

  /** @cloud copyrighted music */
  getLrcLyric(_songID: string, _vendorID: ZegoCopyrightedMusicVendorID): Promise<ZegoCopyrightedMusicGetLrcLyricResponse> {
    return refuseAsync('getLrcLyric', FEATURE);
  }

  /** @cloud copyrighted music */
  getKrcLyricByToken(_krcToken: string): Promise<ZegoCopyrightedMusicGetKrcLyricByTokenResponse> {
    return refuseAsync('getKrcLyricByToken', FEATURE);
  }

  /** @cloud copyrighted music */
  download(_resourceID: string): Promise<ZegoCopyrightedMusicDownloadResponse> {
    return refuseAsync('download', FEATURE);
  }

  clearCache(): void {
    // nothing was ever cached
  }

  /** @cloud copyrighted music */
  startScore(_params: ZegoStartScoreParams): Promise<number> {
    return refuseAsync('startScore', FEATURE);
  }

  /** @cloud copyrighted music */
  stopScore(_resourceID: string): number {
    refuseSync('stopScore', FEATURE);
    return Code.MODULE_NOT_IMPORTED;
  }

  /** @cloud copyrighted music */
  pauseScore(_resourceID: string): number {
    refuseSync('pauseScore', FEATURE);
    return Code.MODULE_NOT_IMPORTED;
  }

  /** @cloud copyrighted music */
  resumeScore(_resourceID: string): number {
    refuseSync('resumeScore', FEATURE);
    return Code.MODULE_NOT_IMPORTED;
  }

  /** @cloud copyrighted music */
  resetScore(_resourceID: string): number {
    refuseSync('resetScore', FEATURE);
    return Code.MODULE_NOT_IMPORTED;
  }

  /** @cloud copyrighted music */
  getPreviousScore(_resourceID: string): Promise<number> {
    return refuseAsync('getPreviousScore', FEATURE);
  }

  /** @cloud copyrighted music */
  getAverageScore(_resourceID: string): Promise<number> {
    return refuseAsync('getAverageScore', FEATURE);
  }

  /** @cloud copyrighted music */
  getTotalScore(_resourceID: string): Promise<number> {
    return refuseAsync('getTotalScore', FEATURE);
  }

  /** @cloud copyrighted music */
  getFullScore(_resourceID: string): Promise<number> {
    return refuseAsync('getFullScore', FEATURE);
  }

  /** @cloud copyrighted music */
  getStandardPitch(_resourceID: string): Promise<ZegoCopyrightedMusicGetStandardPitchResponse> {
    return refuseAsync('getStandardPitch', FEATURE);
  }

  /** @cloud copyrighted music */
  getCurrentPitch(_resourceID: string): Promise<number> {
    return refuseAsync('getCurrentPitch', FEATURE);
  }

  /** @cloud copyrighted music */
  setScoringLevel(_level: number): void {
    refuseSync('setScoringLevel', FEATURE);
  }

  /** @cloud copyrighted music */
  getDuration(_resourceID: string): number {
    refuseSync('getDuration', FEATURE);
    return Code.MODULE_NOT_IMPORTED;
  }

  on<k extends keyof ZegoCopyrightedMusicEvent>(event: k, callBack: ZegoCopyrightedMusicEvent[k]): boolean {
    return this.events.on(event, callBack);
  }

  off<k extends keyof ZegoCopyrightedMusicEvent>(event: k, callBack?: ZegoCopyrightedMusicEvent[k]): boolean {
    return this.events.off(event, callBack);
  }
}
