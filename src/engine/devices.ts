import type { ZegoDeviceInfo, ZegoDeviceInfos } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { Code } from '../shared/codes.js';
import type { EngineLink } from './link.js';

/**
 * `enumDevices()` with the SDK's shape and order: the browser's list as is, `default`/`communications` entries
 * included, `deviceName` = label (empty before the page holds a media permission). Rejects `{errorCode,
 * extendedData}` with 1103011 when enumeration fails.
 */
export async function enumDevices(): Promise<ZegoDeviceInfos> {
  let list: MediaDeviceInfo[];
  try {
    list = await navigator.mediaDevices.enumerateDevices();
  } catch (e) {
    throw { errorCode: Code.ENUMERATE_DEVICES_FAIL, extendedData: `enumerate devices fail ${String(e)}` };
  }
  const infos: ZegoDeviceInfos = { microphones: [], speakers: [], cameras: [] };
  for (const d of list) {
    const info = { deviceName: d.label, deviceID: d.deviceId };
    if (d.kind === 'audioinput') infos.microphones.push(info);
    else if (d.kind === 'audiooutput') infos.speakers.push(info);
    else if (d.kind === 'videoinput') infos.cameras.push(info);
  }
  return infos;
}

export async function getCameras(): Promise<ZegoDeviceInfo[]> {
  return (await enumDevices()).cameras;
}

export async function getMicrophones(): Promise<ZegoDeviceInfo[]> {
  return (await enumDevices()).microphones;
}

export async function getSpeakers(): Promise<ZegoDeviceInfo[]> {
  return (await enumDevices()).speakers;
}

/** One device event, in the argument order of the SDK's callback. */
export type DeviceChange =
  | { event: 'videoDeviceStateChanged'; updateType: 'ADD' | 'DELETE'; device: ZegoDeviceInfo }
  | { event: 'audioDeviceStateChanged'; updateType: 'ADD' | 'DELETE'; deviceType: 'Input' | 'Output'; device: ZegoDeviceInfo };

/**
 * Before a media permission the browser lists each kind once with an empty ID: such a list is not a real
 * inventory, and comparing against it would report every device as added once permission is granted.
 */
function inaccurate(list: ZegoDeviceInfo[]): boolean {
  return list.some((d) => d.deviceID === '');
}

function added(from: ZegoDeviceInfo[], to: ZegoDeviceInfo[]): ZegoDeviceInfo[] {
  return to.filter((d) => !from.some((p) => p.deviceID === d.deviceID));
}

/**
 * The events between two inventories, in the SDK's order: cameras (DELETE, ADD), microphones, speakers. A kind
 * whose old or new list is inaccurate (no permission) is skipped.
 */
export function diffDevices(prev: ZegoDeviceInfos, next: ZegoDeviceInfos): DeviceChange[] {
  const out: DeviceChange[] = [];
  const comparable = (a: ZegoDeviceInfo[], b: ZegoDeviceInfo[]) => !inaccurate(a) && !inaccurate(b);
  if (comparable(prev.cameras, next.cameras)) {
    for (const device of added(next.cameras, prev.cameras)) out.push({ event: 'videoDeviceStateChanged', updateType: 'DELETE', device });
    for (const device of added(prev.cameras, next.cameras)) out.push({ event: 'videoDeviceStateChanged', updateType: 'ADD', device });
  }
  const audio = (deviceType: 'Input' | 'Output', a: ZegoDeviceInfo[], b: ZegoDeviceInfo[]) => {
    if (!comparable(a, b)) return;
    for (const device of added(b, a)) out.push({ event: 'audioDeviceStateChanged', updateType: 'DELETE', deviceType, device });
    for (const device of added(a, b)) out.push({ event: 'audioDeviceStateChanged', updateType: 'ADD', deviceType, device });
  };
  audio('Input', prev.microphones, next.microphones);
  audio('Output', prev.speakers, next.speakers);
  return out;
}

/**
 * Watches `navigator.mediaDevices` for plugged and unplugged devices and emits the SDK's
 * `videoDeviceStateChanged(updateType, deviceInfo)` / `audioDeviceStateChanged(updateType, deviceType, deviceInfo)`.
 * `devicechange` comes in bursts (one per kind, sometimes repeated), so the list is read 500 ms after the last
 * one, as the SDK does. `stop()` removes the listener and the pending timer.
 */
export class DeviceWatcher {
  private known: ZegoDeviceInfos | null = null;
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by stop() so that a read in flight when it was called emits nothing. */
  private generation = 0;

  constructor(
    private readonly link: EngineLink,
    private readonly settleMs = 500,
  ) {}

  /** Takes the current inventory as the baseline, then listens. Calling it twice is harmless. */
  start(): void {
    if (this.abort || !navigator.mediaDevices) return;
    this.abort = new AbortController();
    navigator.mediaDevices.addEventListener('devicechange', () => this.schedule(), { signal: this.abort.signal });
    void this.refresh(false);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.known = null;
    this.generation++;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh(true);
    }, this.settleMs);
  }

  private async refresh(report: boolean): Promise<void> {
    const generation = this.generation;
    const next = await enumDevices().catch(() => null);
    if (!next || generation !== this.generation) return;
    const prev = this.known;
    this.known = next;
    if (!report || !prev) return;
    for (const c of diffDevices(prev, next)) {
      if (c.event === 'videoDeviceStateChanged') this.link.emit(c.event, c.updateType, c.device);
      else this.link.emit(c.event, c.updateType, c.deviceType, c.device);
    }
  }
}
