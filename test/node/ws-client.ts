// A `ws` client of the room server for Node tests: keeps every frame it receives, and waits for the ones it needs.
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.js';

export type Frame = Record<string, unknown> & { t: string };
export type Over = Record<string, unknown>;

/** Every client still open; `terminateClients()` in a test file's `after`. */
const open = new Set<Client>();

export function terminateClients(): void {
  for (const c of open) c.ws.terminate();
}

export interface ClientOptions {
  headers?: Record<string, string>;
  /** false: never answer the server's WebSocket pings (a client whose network died). */
  autoPong?: boolean;
  maxPayload?: number;
  /** The room `login()` joins when the frame names none. */
  room?: string;
}

export class Client {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  private nextId = 1;
  readonly closed: Promise<{ code: number; reason: string }>;
  closeCode: number | undefined;
  session = `s-${process.pid}-${Math.random().toString(36).slice(2)}`;

  private constructor(
    readonly ws: WebSocket,
    private readonly room: string,
  ) {
    open.add(this);
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((ok) =>
      ws.on('close', (code, reason) => {
        open.delete(this);
        this.closeCode = code;
        ok({ code, reason: String(reason) });
        for (const w of this.waiters.splice(0)) w();
      }),
    );
    ws.on('error', () => {});
  }

  static open(url: string, options: ClientOptions = {}): Promise<Client> {
    const { headers = {}, autoPong = true, maxPayload, room = 'r1' } = options;
    const ws = new WebSocket(url, { headers, autoPong, ...(maxPayload ? { maxPayload } : {}) });
    const c = new Client(ws, room);
    return new Promise((ok, fail) => {
      ws.once('open', () => ok(c));
      ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', fail);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or coming) matching `match`, removed from the list. */
  async next(match: (f: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`closed (${this.closeCode}) while waiting for a frame`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; have ${JSON.stringify(this.frames).slice(0, 300)}`);
      await new Promise<void>((ok) => {
        const timer = setTimeout(ok, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          ok();
        });
      });
    }
  }

  nextOf(t: string, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.t === t, timeoutMs);
  }

  /** Sends a request with a fresh id and waits for its answer. */
  async req(body: Over, timeoutMs?: number): Promise<Frame> {
    const id = this.nextId++;
    this.send({ ...body, id });
    return this.next((f) => f.id === id, timeoutMs);
  }

  /** A ping round trip: every frame sent before it has been handled. */
  async sync(): Promise<void> {
    const n = this.nextId++;
    this.send({ t: 'ping', n });
    await this.next((f) => f.t === 'pong' && f.n === n);
  }

  loginFrame(userID: string, over: Over = {}): Over {
    return {
      t: 'login',
      v: PROTOCOL_VERSION,
      appID: 1,
      roomID: this.room,
      token: '',
      user: { userID, userName: userID },
      userUpdate: true,
      maxMemberCount: 0,
      session: this.session,
      ...over,
    };
  }

  login(userID: string, over: Over = {}): Promise<Frame> {
    return this.req(this.loginFrame(userID, over));
  }

  /** Pings every second, as a real client does, for tests that wait out a quota. */
  keepAlive(): void {
    const timer = setInterval(() => this.ws.readyState === WebSocket.OPEN && this.send({ t: 'ping', n: -1 }), 1000);
    void this.closed.then(() => clearInterval(timer));
  }

  bye(): void {
    this.ws.close(1000);
  }
}
