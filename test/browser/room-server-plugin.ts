// A Web Test Runner plugin that runs our room server beside the test server, so browser tests can use the
// WebSocket transport and kill or restart the server mid-call: `executeServerCommand('room-server', {...})`.
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../../server/room-server.js';
import { generateToken04, token04Payload } from '../../server/token04.js';

interface Payload {
  action: 'start' | 'stop' | 'restart' | 'token';
  name?: string;
  options?: Partial<RoomServerOptions>;
  /** restart: how long the server stays down. */
  downMs?: number;
  /** token: what to sign (a business server's job, done in Node because the secret never reaches a page). */
  token?: { appID: number; userID: string; secret: string; ttl: number; roomID?: string; publish?: boolean; ageSeconds?: number };
}

export function roomServerPlugin() {
  const servers = new Map<string, { server: RoomServer; options: Partial<RoomServerOptions> }>();
  const start = async (name: string, options: Partial<RoomServerOptions>) => {
    const server = await createRoomServer({ host: '127.0.0.1', port: 0, dev: true, quiet: true, ...options });
    servers.set(name, { server, options: { ...options, port: server.port } });
    return { url: server.url, wsUrl: server.wsUrl, port: server.port, appID: server.appID };
  };
  return {
    name: 'room-server',
    async executeCommand({ command, payload }: { command: string; payload?: unknown }) {
      if (command !== 'room-server') return undefined;
      const { action, name = 'default', options = {}, downMs = 0, token } = (payload ?? {}) as Payload;
      if (action === 'token' && token) {
        const body = token.roomID ? token04Payload({ roomID: token.roomID, login: true, publish: token.publish !== false }) : '';
        const ctime = Math.floor(Date.now() / 1000) - (token.ageSeconds ?? 0);
        return { token: generateToken04(token.appID, token.userID, token.secret, token.ttl, body, { ctime }) };
      }
      const current = servers.get(name);
      if (action === 'start') {
        await current?.server.close({ abrupt: true });
        return start(name, options);
      }
      if (action === 'stop') {
        servers.delete(name);
        await current?.server.close({ abrupt: true });
        return { stopped: !!current };
      }
      if (action === 'restart') {
        if (!current) throw new Error(`room server ${name} is not running`);
        await current.server.close({ abrupt: true });
        if (downMs) await new Promise((r) => setTimeout(r, downMs));
        return start(name, current.options);
      }
      throw new Error(`unknown room-server action ${String(action)}`);
    },
    async serverStop() {
      for (const { server } of servers.values()) await server.close({ abrupt: true });
      servers.clear();
    },
  };
}
