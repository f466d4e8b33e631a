/** One entry of a device picker. */
export interface LocalDevice {
  readonly deviceId: string;
  readonly label: string;
}

export interface LocalDevices {
  readonly cameras: readonly LocalDevice[];
  readonly microphones: readonly LocalDevice[];
  readonly speakers: readonly LocalDevice[];
}

export const NO_DEVICES: LocalDevices = Object.freeze({ cameras: [], microphones: [], speakers: [] });

/** How long a burst of devicechange events is left to settle before the device lists are read again. */
const DEVICE_SETTLE_MS = 300;

export interface DeviceListEvents {
  /** The lists changed (a new frozen `LocalDevices`). */
  changed(): void;
  /** A devicechange burst settled and the lists were read again: a lost or missing device may be back. */
  settled(): void;
  /** The camera or microphone permission became granted (in the site settings, after a denial). */
  granted(): void;
}

/**
 * The device pickers' lists of one element: read when it connects, after every devicechange burst (settled) and
 * when asked; entries with an empty ID (before a media permission, when there is nothing to pick yet) are left
 * out. Also watches the camera and microphone permissions, so that a permission granted after a denial can start
 * the capture without a click. Everything it listens to hangs on the signal given to `start()`.
 */
export class DeviceLists {
  current: LocalDevices = NO_DEVICES;
  private signal?: AbortSignal;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly events: DeviceListEvents) {}

  start(signal: AbortSignal): void {
    this.signal = signal;
    navigator.mediaDevices?.addEventListener?.('devicechange', () => this.schedule(), { signal });
    signal.addEventListener('abort', () => clearTimeout(this.timer), { once: true });
    void this.watchPermissions(signal);
    void this.refresh();
  }

  /** Reads the lists again (after a capture, labels appear). */
  async refresh(): Promise<void> {
    const signal = this.signal;
    let list: MediaDeviceInfo[];
    try {
      list = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
    } catch {
      return;
    }
    if (!signal || signal.aborted) return;
    const of = (kind: MediaDeviceKind) =>
      list.filter((d) => d.kind === kind && d.deviceId).map((d) => Object.freeze({ deviceId: d.deviceId, label: d.label }));
    const next = { cameras: of('videoinput'), microphones: of('audioinput'), speakers: of('audiooutput') };
    const same = (a: readonly LocalDevice[], b: readonly LocalDevice[]) =>
      a.length === b.length && a.every((d, i) => d.deviceId === b[i].deviceId && d.label === b[i].label);
    const old = this.current;
    if (same(old.cameras, next.cameras) && same(old.microphones, next.microphones) && same(old.speakers, next.speakers)) return;
    this.current = Object.freeze(next);
    this.events.changed();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const signal = this.signal;
    this.timer = setTimeout(() => {
      void this.refresh().then(() => {
        if (signal && !signal.aborted) this.events.settled();
      });
    }, DEVICE_SETTLE_MS);
  }

  private async watchPermissions(signal: AbortSignal): Promise<void> {
    const query = navigator.permissions?.query?.bind(navigator.permissions);
    if (!query) return;
    for (const name of ['camera', 'microphone']) {
      try {
        const status = await query({ name: name as PermissionName });
        if (signal.aborted) return;
        status.addEventListener('change', () => status.state === 'granted' && this.events.granted(), { signal });
      } catch {
        // not queryable in this browser
      }
    }
  }
}
