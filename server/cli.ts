/**
 * `zego-elements serve` (the room server) and `zego-elements token` (a Token04 for a business server's tests).
 * No side effects on import: bin/zego-elements.js calls `main`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createRoomServer, type RoomServer, type RoomServerOptions } from './room-server.js';
import { devCertificate, devCertificateHosts, lanAddresses, readTlsFiles, type DevCertificate, type TlsCredentials } from './tls.js';
import { generateToken04, token04Payload } from './token04.js';

export { lanAddresses };

const USAGE = `Usage:
  zego-elements serve [--host 127.0.0.1] [--port 9090] [--app-id N] [--secret S] [--dev] [--demo DIR]
                      [--allow-origin URL]... [--cert FILE --key FILE | --https | --no-https]
      Runs the room server: WebSocket signalling at /ws, /healthz, static files of --demo at /.
      --secret S   32-character ServerSecret: logins must bring a Token04 made with it.
      --dev        /token?userID=&roomID= issues tokens (random secret unless --secret; app ID 1 unless --app-id).
      --cert FILE --key FILE
                   HTTPS and WSS with this certificate and key (PEM). Other machines' browsers give a page the camera
                   only over https (or on localhost).
      --https      HTTPS and WSS with a self-signed certificate for this machine's names and LAN addresses,
                   kept in ~/.cache/zego-elements ($XDG_CACHE_HOME); each browser asks once to accept it.
                   The default with --dev on a --host other than loopback (127.0.0.1, localhost, ::1).
      --no-https   Plain http and ws even then.
  zego-elements token --app-id N --secret S --user-id U [--room-id R] [--no-publish] [--ttl 3600]
      Prints a Token04 (login privilege; publish unless --no-publish; limited to R with --room-id).
  zego-elements --help`;

export interface CliIO {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const defaultIO: CliIO = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
};

/** A user mistake on the command line: one line on stderr, exit code 2. */
class UsageError extends Error {}

const serveOptions = {
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '9090' },
  'app-id': { type: 'string' },
  secret: { type: 'string' },
  dev: { type: 'boolean', default: false },
  demo: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  cert: { type: 'string' },
  key: { type: 'string' },
  https: { type: 'boolean', default: false },
  'no-https': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const tokenOptions = {
  'app-id': { type: 'string' },
  secret: { type: 'string' },
  'user-id': { type: 'string' },
  'room-id': { type: 'string' },
  'no-publish': { type: 'boolean', default: false },
  ttl: { type: 'string', default: '3600' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

/**
 * Runs one command. Resolves with the exit code for `token` and `--help`; for `serve`, resolves `undefined` once the
 * server listens (it then runs until SIGINT/SIGTERM).
 */
export async function main(
  argv: string[],
  io: CliIO = defaultIO,
  extra: Pick<RoomServerOptions, 'middleware'> = {},
): Promise<number | undefined> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) throw new UsageError('missing command (serve, token); see --help');
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (command === 'serve') {
      const served = await serve(rest, io, extra);
      if (typeof served === 'number') return served;
      closeOnSignals(served);
      return undefined;
    }
    if (command === 'token') return token(rest, io);
    throw new UsageError(`unknown command "${command}" (serve, token)`);
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      io.stderr(`zego-elements: ${(e as Error).message.split('\n')[0]}`);
      return 2;
    }
    io.stderr(`zego-elements: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}

/** `serve`: the running server (the caller owns it), or an exit code for `--help`. */
/**
 * `zego-elements serve`. `extra` adds what the command line cannot give (`npm start` passes Vite's dev server as
 * `middleware`, scripts/start.ts).
 */
export async function serve(
  args: string[],
  io: CliIO = defaultIO,
  extra: Pick<RoomServerOptions, 'middleware'> = {},
): Promise<RoomServer | number> {
  const { values } = parseArgs({ args, options: serveOptions, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const port = integer(values.port, 'port', 0, 65535);
  const appID = values['app-id'] === undefined ? undefined : integer(values['app-id'], 'app-id', 1, 0xffffffff);
  if (values.secret !== undefined && values.secret.length !== 32) throw new UsageError('--secret must be 32 characters');
  for (const o of values['allow-origin'] ?? []) {
    if (!URL.canParse(o)) throw new UsageError(`--allow-origin ${o} is not a URL`);
  }
  const tls = await tlsFor(values);
  let server: RoomServer;
  try {
    server = await createRoomServer({
      host: values.host,
      port,
      appID,
      secret: values.secret,
      dev: values.dev,
      staticDir: values.demo,
      allowOrigin: values['allow-origin'],
      tls: tls?.credentials,
      quiet: values.quiet,
      log: io.stdout,
      ...extra,
    });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE') {
      const other = port === 9090 ? 9091 : port + 1;
      throw new UsageError(
        `port ${port} is busy (another zego-elements serve?): stop it, or use another port: npm start -- --port ${other} (or zego-elements serve --port ${other})`,
      );
    }
    throw e;
  }
  io.stdout(`zego-elements room server: ${server.url} (WebSocket ${server.wsUrl})`);
  const [http, ws] = tls ? ['https', 'wss'] : ['http', 'ws'];
  // on every interface: the addresses other machines of the LAN use
  if (values.host === '0.0.0.0' || values.host === '::') {
    const addresses = lanAddresses();
    for (const address of addresses) {
      io.stdout(`  on your network: ${http}://${address}:${server.port}/ (WebSocket ${ws}://${address}:${server.port}/ws)`);
    }
    if (!addresses.length) io.stdout('  no network interface but loopback: other machines cannot reach this one');
  }
  const dev = tls?.dev;
  if (dev) {
    const where = dev.file ? `kept in ${dev.file}` : `not kept (${dev.cacheError ?? 'in memory'}): a new one every start`;
    io.stdout(`  self-signed certificate, ${dev.created ? 'made now' : 'made earlier'}, ${where}; SHA-256 ${dev.fingerprint}`);
    io.stdout(
      '  each browser warns once: compare the SHA-256 in its certificate details, then Advanced > Proceed (Chrome, Edge),' +
        ' Advanced > Accept the Risk and Continue (Firefox), Show Details > visit this website (Safari)',
    );
  } else if (!tls && !isLoopback(values.host)) {
    io.stdout('  plain http: browsers on other machines give these pages no camera or microphone; serve https (--https, or --cert/--key)');
  }
  return server;
}

/** The certificate `serve` uses: `--cert`/`--key`, or a development one (`--https`, or `--dev` beyond loopback). */
async function tlsFor(values: {
  host: string;
  dev: boolean;
  cert?: string;
  key?: string;
  https: boolean;
  'no-https': boolean;
}): Promise<{ credentials: TlsCredentials; dev?: DevCertificate } | undefined> {
  const given = values.cert !== undefined || values.key !== undefined;
  if (given && (values.cert === undefined || values.key === undefined)) throw new UsageError('--cert and --key go together');
  if ([given, values.https, values['no-https']].filter(Boolean).length > 1) {
    throw new UsageError('use one of --cert/--key, --https and --no-https');
  }
  if (given) {
    try {
      return { credentials: await readTlsFiles(values.cert!, values.key!) };
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (!values.https && (values['no-https'] || !values.dev || isLoopback(values.host))) return undefined;
  const dev = await devCertificate({ hosts: devCertificateHosts([values.host]) });
  return { credentials: dev, dev };
}

/** A page of localhost is a secure context over http already: https there only adds a warning. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function token(args: string[], io: CliIO): number {
  const { values } = parseArgs({ args, options: tokenOptions, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values['app-id'] === undefined || values.secret === undefined || values['user-id'] === undefined) {
    throw new UsageError('token needs --app-id, --secret and --user-id');
  }
  const appID = integer(values['app-id'], 'app-id', 1, 0xffffffff);
  const ttl = integer(values.ttl, 'ttl', 1, 0x7fffffff);
  const roomID = values['room-id'];
  const publish = !values['no-publish'];
  // Without restrictions the payload stays empty, as ZEGO's basic tokens are.
  const payload = roomID === undefined && publish ? '' : token04Payload({ roomID, publish });
  try {
    io.stdout(generateToken04(appID, values['user-id'], values.secret, ttl, payload));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return 0;
}

function integer(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer in ${min}..${max}`);
  }
  return n;
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function closeOnSignals(server: RoomServer): void {
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
