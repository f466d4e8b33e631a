import type { ZegoServerResponse } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import type { ZegoStreamOptions } from 'zego-express-engine-webrtc/sdk/src/common/zego.entity.web';
import { Code } from '../shared/codes.js';
import { captureStream } from './capture.js';
import { DeviceWatcher } from './devices.js';
import type { EngineLink } from './link.js';
import { ZegoLocalStream } from './local-stream.js';
import { ZegoStreamView } from './stream-view.js';

/**
 * The media objects an engine hands to the page and must end with it: the local streams of `createZegoStream`
 * (capture, device switches, camera on/off), the views of `createRemoteStreamView`, and the device watcher behind
 * `videoDeviceStateChanged` / `audioDeviceStateChanged`.
 */
export class LocalMedia {
  private readonly streams = new Set<ZegoLocalStream>();
  private readonly views = new Set<ZegoStreamView>();
  private devices?: DeviceWatcher;

  constructor(private readonly link: EngineLink) {}

  /** Whether any local stream exists (the captured sound level is reported only then). */
  get capturing(): boolean {
    return this.streams.size > 0;
  }

  /** Captures as `createZegoStream` does; a capture that finishes after `stillWanted()` turned false is stopped. */
  async create(options: ZegoStreamOptions | undefined, stillWanted: () => boolean): Promise<ZegoLocalStream | undefined> {
    const captured = await captureStream(options);
    if (!stillWanted()) {
      captured.stream.getTracks().forEach((t) => t.stop());
      return undefined;
    }
    const local = new ZegoLocalStream(captured, this.link);
    this.streams.add(local);
    return local;
  }

  /** What `destroyStream` may end: the MediaStream of one of our local streams, or a plain MediaStream. */
  destroyable(stream: unknown): MediaStream | undefined {
    const local = stream instanceof ZegoLocalStream || stream instanceof MediaStream ? this.localOf(stream) : undefined;
    if (local) return local.stream ?? undefined;
    return stream instanceof MediaStream ? stream : undefined;
  }

  /** Stops a stream's tracks and releases its elements; a plain MediaStream just has its tracks stopped. */
  destroy(stream: MediaStream | ZegoLocalStream): void {
    const local = this.localOf(stream);
    if (local) {
      local._destroy();
      this.streams.delete(local);
    } else if (stream instanceof MediaStream) stream.getTracks().forEach((t) => t.stop());
  }

  /** `useVideoDevice` / `useAudioDevice`: the SDK's answer, never a rejection. */
  useDevice(stream: MediaStream | ZegoLocalStream, kind: 'audio' | 'video', deviceID: string): Promise<ZegoServerResponse> {
    const local = this.localOf(stream);
    if (!local) return Promise.resolve({ errorCode: Code.INPUT_PARAM, extendedData: 'not a stream created by this engine' });
    return local._useDevice(kind, deviceID);
  }

  view(remoteStream: MediaStream): ZegoStreamView {
    const view = new ZegoStreamView(remoteStream);
    this.views.add(view);
    return view;
  }

  /** Starts watching devices (the first `on('videoDeviceStateChanged' | 'audioDeviceStateChanged')`). */
  watchDevices(): void {
    if (this.devices) return;
    this.devices = new DeviceWatcher(this.link);
    this.devices.start();
  }

  /** The engine's own local stream behind `stream` (the object or its MediaStream), if it made one. */
  localOf(stream: MediaStream | ZegoLocalStream): ZegoLocalStream | undefined {
    if (stream instanceof ZegoLocalStream) return this.streams.has(stream) ? stream : undefined;
    for (const l of this.streams) if (l.stream === stream) return l;
    return undefined;
  }

  /** The MediaStream of a local stream or a plain MediaStream; undefined for anything else. */
  mediaOf(stream: unknown): MediaStream | undefined {
    if (stream instanceof ZegoLocalStream) return stream.stream ?? undefined;
    return stream instanceof MediaStream ? stream : undefined;
  }

  /** `destroyEngine`: every stream, view and listener ends. */
  dispose(): void {
    for (const local of this.streams) local._destroy();
    this.streams.clear();
    for (const view of this.views) view._destroy();
    this.views.clear();
    this.devices?.stop();
    this.devices = undefined;
  }
}
