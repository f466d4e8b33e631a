/**
 * Capture for `createZegoStream` and the device switches, with the SDK 3.12's option semantics, presets and
 * error shapes (measured on the real SDK in Chromium with fake devices):
 * - no options, or options without a source: camera video (preset 2) + microphone;
 * - `camera: {...}`: only what is asked (`video`/`audio` default to false; neither -> 1103061);
 * - more than one of `camera`/`screen`/`custom` rejects `{code: 1100001, message}` (an input check);
 * - capture failures reject `{errorCode, extendedData}`: NotAllowed/Security 1103064, NotReadable 1103065,
 *   Overconstrained (a bad device ID: the SDK asks for it `exact`) 1103066, anything else (NotFoundError too)
 *   1103061;
 * - `videoBitrate` only counts with quality 4, as in the SDK (presets keep their bitrate; min/start always apply).
 */
import type {
  ZegoCaptureCamera,
  ZegoCaptureMicrophone,
  ZegoCaptureScreenAudio,
  ZegoCaptureScreenVideo,
  ZegoStreamOptions,
} from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
import { Code } from '../shared/codes.js';
import type { CaptureKind } from './link.js';
import { INSECURE_CAPTURE, getUserMedia } from './secure-context.js';

export type { CaptureKind };

export type Quality = 1 | 2 | 3 | 4;

/** Bitrates are kbps, as everywhere in the SDK's options. */
export interface VideoPreset {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  readonly bitrate: number;
}

/** Camera `quality` presets (1..3); 4 takes width/height/frameRate from the options, preset 2 filling gaps. */
export const QUALITY_PRESETS: Readonly<Record<1 | 2 | 3, VideoPreset>> = {
  1: { width: 320, height: 240, frameRate: 15, bitrate: 300 },
  2: { width: 640, height: 480, frameRate: 15, bitrate: 800 },
  3: { width: 1280, height: 720, frameRate: 20, bitrate: 1500 },
};

/** Screen-sharing presets: the resolution is the shared surface's, only frame rate and bitrate are preset. */
export const SCREEN_PRESETS: Readonly<Record<1 | 2 | 3, { readonly frameRate: number; readonly bitrate: number }>> = {
  1: { frameRate: 20, bitrate: 800 },
  2: { frameRate: 15, bitrate: 1500 },
  3: { frameRate: 5, bitrate: 2000 },
};

/** The SDK's audio bitrate when `audioBitrate` is not given, kbps. */
export const DEFAULT_AUDIO_BITRATE = 48;

/** What a capture was asked for: the engine encodes with it, a device switch re-captures with it. */
export interface CaptureSettings {
  quality: Quality;
  /** Video constraints without a device ID (a switch adds its own); null when no video was asked for. */
  video: MediaTrackConstraints | null;
  /** Audio constraints without a device ID; null when no audio was asked for. */
  audio: MediaTrackConstraints | null;
  /** Target (max) video bitrate, kbps: `RTCRtpEncodingParameters.maxBitrate = videoBitrate * 1000`. */
  videoBitrate: number;
  /** Floor the SDK asks its encoder for under congestion, kbps; WebRTC has no such knob (informational). */
  minVideoBitrate?: number;
  /** 'target' asks for the target bitrate from the start; WebRTC ramps up by itself (informational). */
  startBitrate: 'default' | 'target';
  /** Max audio bitrate, kbps. */
  audioBitrate: number;
  /** Mapped onto the video track's `contentHint` ('motion' / 'detail'), which the browser's encoder honours. */
  optimizationMode: 'default' | 'motion' | 'detail';
}

export interface Captured {
  stream: MediaStream;
  kind: CaptureKind;
  settings: CaptureSettings;
  /** `createZegoStream`'s `multiplacePreview`: each `playCaptureVideo` mounts one more preview instead of moving it. */
  multiplacePreview?: boolean;
}

/** How `createZegoStream` and the capture methods fail when the browser refuses (the SDK's shape). */
export interface CaptureFailure {
  errorCode: number;
  extendedData: string;
}

/** How `createZegoStream` rejects bad options (the SDK's input-check shape, unlike capture failures). */
export interface OptionsFailure {
  code: number;
  message: string;
}

/** A device switch: resolves, never rejects, like `useVideoDevice`/`useAudioDevice` (1103048 for an unknown ID). */
export interface RecaptureResult {
  errorCode: number;
  extendedData: string;
  track: MediaStreamTrack | null;
}

const fail = (errorCode: number, extendedData: string): CaptureFailure => ({ errorCode, extendedData });

/** Maps a getUserMedia rejection to the SDK's code and text (`extendedData` reads like the SDK's). */
export function mediaError(err: unknown): CaptureFailure {
  const e = err as { name?: string; message?: string; constraint?: string } | null;
  const name = e?.name ?? '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return fail(Code.DEVICE_NOT_ALLOWED, `${name}: ${e?.message === INSECURE_CAPTURE ? INSECURE_CAPTURE : 'get device not allowed'}`);
    case 'NotReadableError':
      return fail(Code.DEVICE_NOT_READABLE, `${name}: device is not readable`);
    case 'OverconstrainedError':
      return fail(Code.DEVICE_CONSTRAINTS, `${name}: device does not meet constraints${e?.constraint ? `. such as ${e.constraint}` : ''}`);
    default:
      return fail(Code.GET_MEDIA_FAIL, `get media fail ${name} ${e?.message ?? String(err)}`.trim());
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function toQuality(q: unknown, fallback: Quality): Quality {
  return q === 1 || q === 2 || q === 3 || q === 4 ? q : fallback;
}

/** Camera constraints for a quality: a preset's plain numbers (ideal values), or the caller's for quality 4. */
export function cameraConstraints(video: ZegoCaptureCamera): { quality: Quality; constraints: MediaTrackConstraints } {
  const quality = toQuality(video.quality, 2);
  const preset = QUALITY_PRESETS[quality === 4 ? 2 : quality];
  const constraints: MediaTrackConstraints =
    quality === 4
      ? {
          width: video.width ?? preset.width,
          height: video.height ?? preset.height,
          frameRate: video.frameRate ?? preset.frameRate,
        }
      : { width: preset.width, height: preset.height, frameRate: preset.frameRate };
  if (video.facingMode) constraints.facingMode = video.facingMode;
  return { quality, constraints };
}

/** Microphone constraints: mono unless asked, and the browser's AEC/AGC/ANS defaults unless set (as the SDK). */
export function microphoneConstraints(audio: ZegoCaptureMicrophone | ZegoCaptureScreenAudio): MediaTrackConstraints {
  const c: MediaTrackConstraints = { channelCount: ('channelCount' in audio && audio.channelCount) || 1 };
  if (audio.AEC !== undefined) c.echoCancellation = audio.AEC;
  if (audio.AGC !== undefined) c.autoGainControl = audio.AGC;
  if (audio.ANS !== undefined) c.noiseSuppression = audio.ANS;
  return c;
}

function withDevice(c: MediaTrackConstraints, deviceId: string | undefined): MediaTrackConstraints {
  if (!deviceId) return c;
  // an explicit device and a facing mode can contradict each other; the device wins
  const { facingMode: _ignored, ...rest } = c;
  return { ...rest, deviceId: { exact: deviceId } };
}

function bitrates(options: ZegoStreamOptions | undefined, quality: Quality, presetBitrate: number) {
  const vb = options?.videoBitrate;
  const asked = typeof vb === 'number' ? vb : vb?.bitrate;
  return {
    videoBitrate: quality === 4 && typeof asked === 'number' && asked > 0 ? asked : presetBitrate,
    minVideoBitrate: typeof vb === 'object' ? vb.minBitrate : undefined,
    startBitrate: (typeof vb === 'object' && vb.startBitrate) || 'default',
    audioBitrate: options?.audioBitrate && options.audioBitrate > 0 ? options.audioBitrate : DEFAULT_AUDIO_BITRATE,
  } as const;
}

function applyContentHint(stream: MediaStream, mode: CaptureSettings['optimizationMode']): void {
  if (mode === 'default') return;
  for (const t of stream.getVideoTracks()) t.contentHint = mode;
}

/**
 * Captures what `createZegoStream(options)` asks for. Rejects `CaptureFailure` when the browser refuses and
 * `OptionsFailure` for contradictory options. Every track of the result belongs to the caller.
 */
export async function captureStream(options?: ZegoStreamOptions): Promise<Captured> {
  if (options !== undefined && !isObject(options)) throw { code: Code.INPUT_PARAM, message: 'options must be an object' };
  const sources = [options?.camera, options?.screen, options?.custom].filter(Boolean).length;
  if (sources > 1) {
    throw { code: Code.INPUT_PARAM, message: 'cannot set more than one type of source' } satisfies OptionsFailure;
  }
  const captured = options?.screen
    ? await captureScreen(options)
    : options?.custom
      ? await captureCustom(options)
      : await captureCamera(options);
  if (options?.multiplacePreview) captured.multiplacePreview = true;
  return captured;
}

async function captureCamera(options: ZegoStreamOptions | undefined): Promise<Captured> {
  // without `camera` the SDK captures both; with it, only the kinds named
  const cam = options?.camera ?? { video: true, audio: true };
  const videoOpts: ZegoCaptureCamera | null = cam.video ? (isObject(cam.video) ? cam.video : {}) : null;
  const audioOpts: ZegoCaptureMicrophone | null = cam.audio ? (isObject(cam.audio) ? cam.audio : {}) : null;
  if (!videoOpts && !audioOpts) throw fail(Code.GET_MEDIA_FAIL, 'get media fail');

  const { quality, constraints: video } = videoOpts ? cameraConstraints(videoOpts) : { quality: 2 as Quality, constraints: null };
  const audio = audioOpts ? microphoneConstraints(audioOpts) : null;
  let stream: MediaStream;
  try {
    stream = await getUserMedia({
      video: video ? withDevice(video, videoOpts?.input) : false,
      audio: audio ? withDevice(audio, audioOpts?.input) : false,
    });
  } catch (e) {
    throw mediaError(e);
  }
  const optimizationMode = videoOpts?.optimizationMode ?? 'default';
  applyContentHint(stream, optimizationMode);
  const preset = QUALITY_PRESETS[quality === 4 ? 2 : quality];
  return { stream, kind: 'camera', settings: { quality, video, audio, optimizationMode, ...bitrates(options, quality, preset.bitrate) } };
}

/** Screen capture failures, as the SDK names them: a closed picker is "canceled", anything else "screen fail". */
function screenError(err: unknown): CaptureFailure {
  const e = err as { name?: string; message?: string } | null;
  if (e?.message?.toLowerCase() === 'permission denied') return fail(Code.SCREEN_CANCELED, 'screen canceled');
  return fail(Code.SCREEN_FAIL, `screen fail ${e?.name ?? ''}: ${e?.message ?? String(err)}`);
}

async function captureScreen(options: ZegoStreamOptions): Promise<Captured> {
  const screen = options.screen!;
  const md = navigator.mediaDevices;
  if (typeof md?.getDisplayMedia !== 'function') throw fail(Code.SCREEN_NOT_SUPPORT, 'screen not support');
  const videoOpts: ZegoCaptureScreenVideo = isObject(screen.video) ? screen.video : {};
  const quality = toQuality(videoOpts.quality, 2);
  const preset = SCREEN_PRESETS[quality === 4 ? 2 : quality];
  const video: MediaTrackConstraints = { frameRate: quality === 4 ? (videoOpts.frameRate ?? preset.frameRate) : preset.frameRate };
  if (videoOpts.width !== undefined) video.width = videoOpts.width;
  if (videoOpts.height !== undefined) video.height = videoOpts.height;
  const audio = screen.audio ? microphoneConstraints(isObject(screen.audio) ? screen.audio : {}) : null;
  let stream: MediaStream;
  try {
    // the SDK always shares video; `screen.video: false` is not a thing there either
    stream = await md.getDisplayMedia({ video, audio: audio ?? false });
  } catch (e) {
    throw screenError(e);
  }
  const optimizationMode = videoOpts.optimizationMode ?? 'default';
  applyContentHint(stream, optimizationMode);
  return { stream, kind: 'screen', settings: { quality, video, audio, optimizationMode, ...bitrates(options, quality, preset.bitrate) } };
}

/**
 * Third-party sources: a MediaStream's tracks are cloned (the page keeps its own), a media element is captured
 * with `captureStream()` (it must have loaded, as the SDK requires).
 */
async function captureCustom(options: ZegoStreamOptions): Promise<Captured> {
  const custom = options.custom!;
  const tracks: MediaStreamTrack[] = [];
  const take = (source: HTMLMediaElement | MediaStream | undefined, kind: 'audio' | 'video') => {
    if (!source) return;
    let from: MediaStream;
    if (source instanceof MediaStream) from = source;
    else {
      const el = source as HTMLMediaElement & { captureStream?: () => MediaStream };
      if (typeof el.captureStream !== 'function') throw fail(Code.GET_MEDIA_FAIL, 'get media fail: captureStream() is not supported');
      from = el.captureStream();
      // tracks of the kind not wanted were created for us; nobody else will stop them
      for (const t of from.getTracks()) if (t.kind !== kind) t.stop();
    }
    const track = from.getTracks().find((t) => t.kind === kind);
    if (!track) throw fail(Code.GET_MEDIA_FAIL, `get media fail: the source has no ${kind} track`);
    tracks.push(source instanceof MediaStream ? track.clone() : track);
  };
  if (!custom.video?.source && !custom.audio?.source) {
    throw { code: Code.INPUT_PARAM, message: 'custom.video.source or custom.audio.source is required' } satisfies OptionsFailure;
  }
  try {
    take(custom.video?.source, 'video');
    take(custom.audio?.source, 'audio');
  } catch (e) {
    tracks.forEach((t) => t.stop());
    throw isObject(e) && 'errorCode' in e ? e : mediaError(e);
  }
  const stream = new MediaStream(tracks);
  const optimizationMode = custom.video?.optimizationMode ?? 'default';
  applyContentHint(stream, optimizationMode);
  return {
    stream,
    kind: 'custom',
    settings: {
      quality: 4,
      video: null,
      audio: null,
      optimizationMode,
      ...bitrates(options, 4, QUALITY_PRESETS[2].bitrate),
    },
  };
}

/**
 * Captures one kind again from `deviceId` with the constraints of the original capture (a quality-1 camera stays
 * 320x240 on the new device). The ID is checked against `enumerateDevices()` first: the SDK resolves
 * `{errorCode: 1103048, extendedData: 'device is not found'}` for an unknown one instead of trying.
 */
export async function recapture(kind: 'audio' | 'video', deviceId: string, settings: CaptureSettings): Promise<RecaptureResult> {
  if (typeof deviceId !== 'string' || !deviceId)
    return { errorCode: Code.INPUT_PARAM, extendedData: 'deviceID must be a non-empty string', track: null };
  const want = kind === 'video' ? 'videoinput' : 'audioinput';
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => null);
  if (devices && !devices.some((d) => d.kind === want && d.deviceId === deviceId)) {
    return { errorCode: Code.DEVICE_NOT_FOUND, extendedData: 'device is not found', track: null };
  }
  const base = kind === 'video' ? settings.video : settings.audio;
  try {
    const track = await captureTrack(kind, base, deviceId, settings.optimizationMode);
    return { errorCode: 0, extendedData: '', track };
  } catch (e) {
    return { ...(e as CaptureFailure), track: null };
  }
}

/**
 * Captures one camera or microphone track; `constraints` null means the SDK's defaults (preset 2 / mono).
 * Rejects `CaptureFailure`.
 */
export async function captureTrack(
  kind: 'audio' | 'video',
  constraints: MediaTrackConstraints | null,
  deviceId?: string,
  optimizationMode: CaptureSettings['optimizationMode'] = 'default',
): Promise<MediaStreamTrack> {
  const base = constraints ?? (kind === 'video' ? cameraConstraints({}).constraints : microphoneConstraints({}));
  let stream: MediaStream;
  try {
    stream = await getUserMedia({ [kind]: withDevice(base, deviceId) });
  } catch (e) {
    throw mediaError(e);
  }
  applyContentHint(stream, optimizationMode);
  return stream.getTracks()[0];
}

/**
 * Applies a capture's bitrates to a sender (`maxBitrate` of the first encoding). Best effort, like the SDK's
 * own: a browser that refuses still sends at its default rate. Pass `kind` (the transceiver's) for a sender
 * that has no track right now (muted): the limit then holds when the track comes back.
 */
export async function applySenderBitrate(
  sender: RTCRtpSender,
  settings: Pick<CaptureSettings, 'videoBitrate' | 'audioBitrate'>,
  kind: string | undefined = sender.track?.kind,
): Promise<void> {
  if (kind !== 'audio' && kind !== 'video') return;
  const params = sender.getParameters();
  if (!params.encodings?.length) return;
  params.encodings[0].maxBitrate = (kind === 'video' ? settings.videoBitrate : settings.audioBitrate) * 1000;
  await sender.setParameters(params).catch(() => {});
}
