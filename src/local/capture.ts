import type { Quality } from '../engine/capture.js';
import type { ZegoErrorDetail } from '../room/events.js';
import type { RoomEngine, ZegoLocalStreamLike } from '../room/engine.js';
import { Code, toZegoError } from '../shared/codes.js';

/** What one capture of `<zego-local-video>` asks for; a new `key` means a new capture (devices switch live). */
export interface CapturePlan {
  key: string;
  source: 'camera' | 'screen';
  /** Camera video (a screen always has video). */
  video: boolean;
  audio: boolean;
  quality: Quality;
}

/** The capture the attributes ask for; undefined for `no-video no-audio` (nothing to capture). */
export function capturePlan(s: { screen: boolean; noVideo: boolean; noAudio: boolean; quality: Quality }): CapturePlan | undefined {
  const quality = s.quality;
  if (s.screen) return { key: `screen:${!s.noAudio}`, source: 'screen', video: true, audio: !s.noAudio, quality };
  if (s.noVideo && s.noAudio) return undefined;
  return { key: `camera:${quality}:${!s.noVideo}:${!s.noAudio}`, source: 'camera', video: !s.noVideo, audio: !s.noAudio, quality };
}

export interface Captured {
  local: ZegoLocalStreamLike;
  /** Kinds the plan wanted but the machine had no device for (a devicechange may bring them). */
  missingVideo: boolean;
  missingAudio: boolean;
}

/** What a capture tells its controller along the way. */
export interface CaptureSide {
  /** Whether the outcome is nobody's concern any more (element gone, engine changed): then nothing is reported. */
  abandoned(): boolean;
  /** A problem worth a `zego-error` that does not end the capture (an unknown device ID, the microphone of a share). */
  report(detail: ZegoErrorDetail): void;
  /** The capture failed: the element shows the state of its code. */
  fail(detail: ZegoErrorDetail): void;
  /** Screen sharing failed or was cancelled: the element goes back to the camera. */
  screenFailed(detail: ZegoErrorDetail): void;
}

/** `{code, text}` of any capture failure (the SDK's `{errorCode, extendedData}`, a DOMException, ...). */
export function failureOf(e: unknown): { code: number; text: string } {
  const { code, message } = toZegoError(e, Code.GET_MEDIA_FAIL);
  return { code, text: message };
}

/**
 * Captures what `plan` asks through the room's engine. A camera capture asks only for the kinds the machine has
 * (a laptop without a camera still joins with its microphone), and an unknown `camera-id` / `microphone-id` is
 * reported and replaced by the default device. Resolves undefined when it failed (`side` was told) or was abandoned.
 */
export async function capture(
  engine: RoomEngine,
  plan: CapturePlan,
  devices: { cameraID: string | null; microphoneID: string | null },
  side: CaptureSide,
): Promise<Captured | undefined> {
  if (plan.source === 'screen') {
    let local: ZegoLocalStreamLike;
    try {
      local = await engine.createZegoStream({ screen: { video: true, audio: false } });
    } catch (e) {
      if (side.abandoned()) return undefined;
      const { code, text } = failureOf(e);
      side.screenFailed({ code, message: `screen sharing failed: ${text}`, source: 'screen' });
      return undefined;
    }
    if (plan.audio && typeof local.startCaptureMicrophone === 'function') {
      // the SDK resolves `{errorCode, extendedData}` on failure; an engine may also reject
      const result = await local
        .startCaptureMicrophone(devices.microphoneID ? { input: devices.microphoneID } : {})
        .catch((e: unknown) => e);
      const { code, text } = failureOf(result);
      if ((result as { errorCode?: number } | undefined)?.errorCode !== 0) {
        side.report({ code, message: `the microphone failed while sharing the screen: ${text}`, source: 'microphone' });
      }
    }
    return { local, missingVideo: false, missingAudio: false };
  }

  let video = plan.video;
  let audio = plan.audio;
  const kinds = await navigator.mediaDevices?.enumerateDevices?.().catch(() => undefined);
  if (kinds) {
    if (!kinds.some((d) => d.kind === 'videoinput')) video = false;
    if (!kinds.some((d) => d.kind === 'audioinput')) audio = false;
  }
  const source = plan.video ? 'camera' : 'microphone';
  if (!video && !audio) {
    side.fail({ code: Code.GET_MEDIA_FAIL, message: `no ${plan.video && plan.audio ? 'camera or microphone' : source} found`, source });
    return undefined;
  }
  const options = (cameraID: string | null, microphoneID: string | null) => ({
    camera: {
      video: video ? { quality: plan.quality, ...(cameraID ? { input: cameraID } : {}) } : false,
      audio: audio ? (microphoneID ? { input: microphoneID } : true) : false,
    },
  });
  const made = (local: ZegoLocalStreamLike) => ({ local, missingVideo: plan.video && !video, missingAudio: plan.audio && !audio });
  const { cameraID, microphoneID } = devices;
  try {
    return made(await engine.createZegoStream(options(cameraID, microphoneID)));
  } catch (e) {
    if (side.abandoned()) return undefined;
    const first = failureOf(e);
    if (first.code === Code.DEVICE_CONSTRAINTS && (cameraID || microphoneID)) {
      // An unknown camera-id / microphone-id: say so, and capture from the default devices instead.
      const which = cameraID && video ? 'camera' : 'microphone';
      const id = which === 'camera' ? cameraID : microphoneID;
      side.report({
        code: Code.DEVICE_NOT_FOUND,
        message: `${which} "${id}" not found (${first.text}); using the default device`,
        source: which,
      });
      try {
        return made(await engine.createZegoStream(options(null, null)));
      } catch (e2) {
        if (side.abandoned()) return undefined;
        const { code, text } = failureOf(e2);
        side.fail({ code, message: text, source });
        return undefined;
      }
    }
    side.fail({ code: first.code, message: first.text, source });
    return undefined;
  }
}
