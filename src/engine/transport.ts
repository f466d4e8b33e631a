import { Code } from '../shared/codes.js';
import type { ClientFrame, ServerFrame } from '../shared/protocol.js';
import { RoomCore, type CoreClient } from '../shared/room-core.js';
import { randomId } from './secure-context.js';

/**
 * A signalling link between the engine and a room core. `open()` resolves once frames can flow; afterwards a
 * transport reports its end once through `onclose` (clean = the core said goodbye, not a network loss).
 * Never reused: the engine makes a new one per connection attempt.
 */
export interface Transport {
  onframe: (frame: ServerFrame) => void;
  onclose: (clean: boolean) => void;
  open(): Promise<void>;
  send(frame: ClientFrame): boolean;
  close(): void;
}

export function createTransport(appID: number, server: string, openTimeoutMs: number): Transport {
  if (server === '') return new HubTransport(appID, openTimeoutMs);
  return new SocketTransport(socketUrl(server), openTimeoutMs);
}

/** `ws://host:port` means our room server's `/ws` endpoint; an explicit path is kept. */
export function socketUrl(server: string): string {
  const url = new URL(server);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws';
  return url.href;
}

const noop = () => {};

class SocketTransport implements Transport {
  onframe: (frame: ServerFrame) => void = noop;
  onclose: (clean: boolean) => void = noop;
  private socket?: WebSocket;
  private ended = false;
  private openTimer?: ReturnType<typeof setTimeout>;
  private failOpen?: (e: Error) => void;

  constructor(
    private readonly url: string,
    private readonly openTimeoutMs: number,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(this.url);
      } catch (e) {
        reject(e);
        return;
      }
      this.socket = socket;
      this.failOpen = reject;
      const timer = (this.openTimer = setTimeout(() => {
        socket.close();
        reject(new Error('connect timeout'));
      }, this.openTimeoutMs));
      socket.onopen = () => {
        clearTimeout(timer);
        this.failOpen = undefined;
        resolve();
      };
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error('socket error'));
      };
      socket.onmessage = (e) => {
        if (typeof e.data !== 'string') return;
        let frame: ServerFrame;
        try {
          frame = JSON.parse(e.data);
        } catch {
          return;
        }
        this.onframe(frame);
      };
      socket.onclose = (e) => {
        clearTimeout(timer);
        reject(new Error(`socket closed (${e.code})`));
        this.end(e.code === 4003);
      };
    });
  }

  send(frame: ClientFrame): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  close(): void {
    clearTimeout(this.openTimer);
    this.failOpen?.(new Error('closed'));
    this.failOpen = undefined;
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.onmessage = null;
      this.socket.onerror = null;
      this.socket.close(1000);
    }
    this.ended = true;
  }

  private end(clean: boolean) {
    if (this.ended) return;
    this.ended = true;
    this.onclose(clean);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// BroadcastChannel: no server. One tab per appID hosts the room core (the "hub"); the Web Locks API elects it, so
// when that tab closes the next waiting one takes over with an empty core and every client resumes into it, the
// same path as a room-server restart.

type HubMessage =
  | { k: 'c2h'; from: string; hub: string; f: ClientFrame }
  | { k: 'h2c'; to: string; hub: string; f: ServerFrame }
  | { k: 'hello'; from: string }
  | { k: 'hub'; hub: string; to?: string }
  | { k: 'bye'; from: string; hub: string };

const channelName = (appID: number) => `zego-elements:${appID}`;
/** Held by each client transport for its whole life: the hub learns that a tab closed or crashed when it is free. */
const lifeLock = (client: string) => `zego-elements-client:${client}`;
const isHubMessage = (m: unknown): m is HubMessage => typeof m === 'object' && m !== null && typeof (m as { k?: unknown }).k === 'string';

/** One per page and appID: the lock request that may make this page the hub, shared by its engines. */
class HubHost {
  private static hosts = new Map<number, HubHost>();
  static IDLE_MS = 3000;
  private users = 0;
  private idleTimer?: ReturnType<typeof setTimeout>;
  private releaseLock?: () => void;
  private abort = new AbortController();
  private core?: RoomCore;
  private channel?: BroadcastChannel;
  private clients = new Map<string, CoreClient>();

  static acquire(appID: number): HubHost {
    let host = HubHost.hosts.get(appID);
    if (!host) {
      host = new HubHost(appID);
      HubHost.hosts.set(appID, host);
    }
    host.users++;
    clearTimeout(host.idleTimer);
    return host;
  }

  private constructor(private readonly appID: number) {
    if (!('locks' in navigator) || typeof BroadcastChannel !== 'function') return; // the transport says why on open
    navigator.locks
      .request(`zego-elements-hub:${appID}`, { signal: this.abort.signal }, () => {
        this.start();
        return new Promise<void>((resolve) => (this.releaseLock = resolve));
      })
      .catch(() => {}); // aborted while waiting: this page never became the hub
  }

  /**
   * Keeps hosting a moment after the last transport of the page let go: a reconnecting engine takes it back at
   * once, and a page that is still the hub does not hand the room over (and everyone's session) for nothing.
   */
  release() {
    if (--this.users > 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.users > 0) return;
      HubHost.hosts.delete(this.appID);
      this.abort.abort();
      this.stop();
      this.releaseLock?.();
    }, HubHost.IDLE_MS);
  }

  private start() {
    const hub = randomId();
    const core = new RoomCore();
    const channel = new BroadcastChannel(channelName(this.appID));
    this.core = core;
    this.channel = channel;
    const post = (m: HubMessage) => channel.postMessage(m);
    const clientOf = (id: string) => {
      let client = this.clients.get(id);
      if (!client) {
        const made = core.connect({
          send: (f) => post({ k: 'h2c', to: id, hub, f }),
          close: () => {
            this.clients.delete(id);
            post({ k: 'h2c', to: id, hub, f: { t: 'fault', code: Code.SOCKET_CLOSE, message: 'closed by hub' } });
          },
        });
        client = made;
        this.clients.set(id, made);
        // A tab that crashed says no goodbye, but its lock frees at once: its user leaves now, not after 9 s of
        // silence (a clean close said 'bye' first and is already gone from the map)
        navigator.locks
          .request(lifeLock(id), { signal: this.abort.signal }, () => {
            if (this.clients.get(id) !== made) return;
            this.clients.delete(id);
            made.closed(false, true);
          })
          .catch(() => {}); // the hub stopped first
      }
      return client;
    };
    channel.onmessage = (e: MessageEvent<HubMessage>) => {
      const m = e.data;
      // Any page of the origin can post here: anything but one of our objects is ignored, not thrown on.
      if (!isHubMessage(m) || ('from' in m && typeof m.from !== 'string')) return;
      if (m.k === 'hello') post({ k: 'hub', hub, to: m.from });
      else if (m.k === 'c2h' && m.hub === hub) clientOf(m.from).receive(m.f);
      else if (m.k === 'bye' && m.hub === hub) {
        this.clients.get(m.from)?.closed(true);
        this.clients.delete(m.from);
      }
    };
    post({ k: 'hub', hub });
  }

  private stop() {
    if (this.channel) this.channel.onmessage = null;
    this.channel?.close();
    this.core?.dispose();
    this.clients.clear();
  }
}

class HubTransport implements Transport {
  onframe: (frame: ServerFrame) => void = noop;
  onclose: (clean: boolean) => void = noop;
  private readonly id = randomId();
  private readonly channel: BroadcastChannel;
  private readonly host: HubHost;
  private hub = '';
  private ended = false;
  private openTimer?: ReturnType<typeof setTimeout>;
  private failOpen?: (e: Error) => void;
  private readonly onPageHide = () => this.close();
  /** Resolves once this transport holds its life lock (see `lifeLock`); `releaseLife` frees it. */
  private readonly alive: Promise<void>;
  private releaseLife?: () => void;

  constructor(
    appID: number,
    private readonly openTimeoutMs: number,
  ) {
    this.host = HubHost.acquire(appID);
    // without BroadcastChannel (Safari before 15.4) a channel that carries nothing: open() says why
    this.channel =
      typeof BroadcastChannel === 'function'
        ? new BroadcastChannel(channelName(appID))
        : ({ onmessage: null, postMessage() {}, close() {} } as unknown as BroadcastChannel);
    addEventListener('pagehide', this.onPageHide);
    this.alive = new Promise<void>((held) => {
      if (!('locks' in navigator)) return held();
      navigator.locks
        .request(lifeLock(this.id), () => {
          held();
          return new Promise<void>((release) => (this.releaseLife = release));
        })
        .catch(() => held());
    });
  }

  async open(): Promise<void> {
    if (!('locks' in navigator) || typeof BroadcastChannel !== 'function')
      throw Object.assign(new Error(tabsUnavailable()), { permanent: true });
    await this.alive;
    if (this.ended) throw new Error('closed');
    return new Promise((resolve, reject) => {
      this.failOpen = reject;
      const timer = (this.openTimer = setTimeout(() => reject(new Error('no hub answered')), this.openTimeoutMs));
      this.channel.onmessage = (e: MessageEvent<HubMessage>) => {
        const m = e.data;
        if (!isHubMessage(m)) return;
        if (m.k === 'hub' && (!m.to || m.to === this.id)) {
          if (!this.hub) {
            this.hub = m.hub;
            clearTimeout(timer);
            this.failOpen = undefined;
            resolve();
          } else if (m.hub !== this.hub) {
            this.end(false); // a new hub took over: everything we had is gone, resume there
          }
        } else if (m.k === 'h2c' && m.to === this.id && m.hub === this.hub) {
          this.onframe(m.f);
        }
      };
      this.channel.postMessage({ k: 'hello', from: this.id } satisfies HubMessage);
    });
  }

  send(frame: ClientFrame): boolean {
    if (!this.hub || this.ended) return false;
    this.channel.postMessage({ k: 'c2h', from: this.id, hub: this.hub, f: frame } satisfies HubMessage);
    return true;
  }

  close(): void {
    if (this.hub && !this.ended) this.channel.postMessage({ k: 'bye', from: this.id, hub: this.hub } satisfies HubMessage);
    this.ended = true;
    this.dispose();
  }

  private end(clean: boolean) {
    if (this.ended) return;
    this.ended = true;
    this.dispose();
    this.onclose(clean);
  }

  private dispose() {
    clearTimeout(this.openTimer);
    this.failOpen?.(new Error('closed'));
    this.failOpen = undefined;
    removeEventListener('pagehide', this.onPageHide);
    this.channel.onmessage = null;
    this.channel.close();
    this.host.release();
    // after a transport that was never held: release once it is
    void this.alive.then(() => this.releaseLife?.());
  }
}

/**
 * Why a room between tabs (`server=""`) cannot work here: Web Locks and BroadcastChannel exist only in a secure
 * context (https, or localhost), and only since Safari 15.4 (Chrome 69/54, Firefox 96/38). The room server
 * (`server="ws://..."`) needs neither.
 */
function tabsUnavailable(): string {
  const why =
    typeof isSecureContext === 'boolean' && !isSecureContext
      ? 'needs a secure context (https, or localhost)'
      : 'needs Web Locks and BroadcastChannel, which this browser lacks (Safari before 15.4)';
  return `a room between tabs (server="") ${why}; join through a room server instead (server="ws://HOST:9090/ws", zego-elements serve)`;
}
