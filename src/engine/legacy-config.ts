import type { ZegoLocalStreamConfig } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoStreamOptions } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';

/**
 * `createStream(source)` (the SDK's older capture API, still in ZEGO's samples) in the terms of
 * `createZegoStream(options)`: the same capture with the same presets, constraints and bitrates.
 */
export function streamOptionsOf(source: ZegoLocalStreamConfig | undefined): ZegoStreamOptions {
  if (source?.screen) {
    const screen = source.screen === true ? {} : source.screen;
    const bitrate = screen.bitrate ?? screen.bitRate;
    return {
      screen: {
        video: { quality: screen.videoQuality, width: screen.width, height: screen.height, frameRate: screen.frameRate },
        audio: !!screen.audio,
      },
      ...(bitrate ? { videoBitrate: bitrate } : {}),
    };
  }
  if (source?.custom) {
    const custom = source.custom;
    const media = custom.source;
    const has = (kind: 'audio' | 'video') =>
      media instanceof MediaStream ? media.getTracks().some((t) => t.kind === kind) : kind === 'audio' || media instanceof HTMLVideoElement;
    return {
      custom: {
        ...(has('video') ? { video: { source: media, optimizationMode: custom.videoOptimizationMode } } : {}),
        ...(has('audio') ? { audio: { source: media, channelCount: custom.channelCount === 2 ? 2 : 1 } } : {}),
      },
      ...(custom.bitrate ? { videoBitrate: custom.bitrate } : {}),
      ...(custom.audioBitrate ? { audioBitrate: custom.audioBitrate } : {}),
    };
  }
  const camera = source?.camera ?? {};
  return {
    camera: {
      video:
        camera.video === false
          ? false
          : {
              input: camera.videoInput,
              quality: camera.videoQuality,
              facingMode: camera.facingMode,
              width: camera.width,
              height: camera.height,
              frameRate: camera.frameRate,
              optimizationMode: camera.videoOptimizationMode,
            },
      audio:
        camera.audio === false
          ? false
          : { input: camera.audioInput, channelCount: camera.channelCount, ANS: camera.ANS, AGC: camera.AGC, AEC: camera.AEC },
    },
    ...(camera.bitrate ? { videoBitrate: camera.bitrate } : {}),
    ...(camera.audioBitrate ? { audioBitrate: camera.audioBitrate } : {}),
  };
}
