// The room server over HTTPS and WSS: the self-signed development certificate (made with node:crypto alone, kept
// between runs), a given certificate and key, plain http on the TLS port, and `zego-elements serve`'s choices.
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.js';
import { lanAddresses, main, serve } from '../../server/cli.js';
import { createRoomServer, type RoomServer } from '../../server/room-server.js';
import { devCertificate, devCertificateHosts, readTlsFiles, selfSignedCertificate, type TlsCredentials } from '../../server/tls.js';

const DAY = 86_400_000;
let dir: string;
const servers = new Set<RoomServer>();
const savedCache = process.env.XDG_CACHE_HOME;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zego-tls-'));
  // `serve` keeps its certificate under $XDG_CACHE_HOME: never the real user's cache in a test
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
});

after(async () => {
  await Promise.all([...servers].map((s) => s.close({ abrupt: true })));
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  await rm(dir, { recursive: true, force: true });
});

async function start(tls: TlsCredentials): Promise<RoomServer> {
  const server = await createRoomServer({ port: 0, dev: true, tls, quiet: true, log: () => {} });
  servers.add(server);
  return server;
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** GET over https, trusting `ca` only (no `ca`: the system's roots, which a self-signed certificate is not in). */
function getHttps(url: string, ca?: string, servername?: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = httpsRequest(url, { ca, servername, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** A plain-http GET with this Host header, written by hand (node:http would fill in an empty one). */
function getHttp(port: number, path: string, host: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`));
    let raw = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (raw += d));
    socket.on('error', fail);
    socket.on('close', () => {
      const [head, body = ''] = raw.split('\r\n\r\n');
      const [status, ...fields] = head.split('\r\n');
      const headers = Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf(':')).toLowerCase(), f.slice(f.indexOf(':') + 1).trim()]));
      ok({ status: Number(status.split(' ')[1]), headers, body });
    });
  });
}

/** A WSS login as `userID` with a dev token from the server's /token: the answer frame's type. */
async function wssLogin(url: string, ca: string, userID: string): Promise<string> {
  const tokenURL = url.replace(/^wss:/, 'https:').replace(/\/ws$/, `/token?userID=${userID}&roomID=r1`);
  const { token } = JSON.parse((await getHttps(tokenURL, ca)).body) as { token: string };
  const ws = new WebSocket(url, { ca });
  try {
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    const answer = new Promise<{ t: string }>((ok) => ws.once('message', (d) => ok(JSON.parse(String(d)) as { t: string })));
    ws.send(
      JSON.stringify({
        t: 'login',
        id: 1,
        v: PROTOCOL_VERSION,
        appID: 1,
        roomID: 'r1',
        token,
        user: { userID, userName: userID },
        userUpdate: true,
        maxMemberCount: 0,
        session: `s-${userID}-${Date.now()}`,
      }),
    );
    return (await answer).t;
  } finally {
    ws.terminate();
  }
}

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe('the self-signed development certificate', () => {
  it('is an X.509 v3 server certificate for exactly its hosts, signed by its own key', () => {
    const { cert, key } = selfSignedCertificate(['localhost', '127.0.0.1', '::1', '10.77.0.1', 'box.local'], { now: new Date() });
    const x = new X509Certificate(cert);
    assert.ok(x.verify(x.publicKey), 'self-signed');
    assert.ok(x.checkPrivateKey(createPrivateKey(key)), 'the key is its own');
    assert.equal(x.ca, false, 'not a CA: it cannot vouch for any other site');
    assert.deepEqual(x.keyUsage, ['1.3.6.1.5.5.7.3.1'], 'serverAuth');
    assert.equal(x.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.77.0.1, DNS:box.local');
    assert.equal(x.checkIP('10.77.0.1'), '10.77.0.1');
    assert.equal(x.checkIP('10.77.0.2'), undefined);
    assert.equal(x.publicKey.asymmetricKeyType, 'ec');
    const from = Date.parse(x.validFrom);
    const to = Date.parse(x.validTo);
    assert.ok(from < Date.now() - DAY / 2, 'valid from a day ago (a phone whose clock is behind)');
    assert.ok(to - from <= 825 * DAY, "within Apple's 825-day limit");
  });

  it('serves HTTPS and WSS to a client that trusts it, and nothing to one that does not', async () => {
    const tls = selfSignedCertificate(['localhost', '127.0.0.1']);
    const server = await start(tls);
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.wsUrl, /^wss:\/\/127\.0\.0\.1:\d+\/ws$/);
    assert.deepEqual(await getHttps(`${server.url}/healthz`, tls.cert).then((a) => [a.status, a.body]), [200, 'ok']);
    assert.equal(await wssLogin(server.wsUrl, tls.cert, 'alice'), 'login-ok', 'a dev token from /token, then a login over wss');
    await assert.rejects(getHttps(`${server.url}/healthz`), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    // by name, too: the SAN lists localhost
    const byName = await getHttps(`https://localhost:${server.port}/healthz`, tls.cert);
    assert.equal(byName.status, 200);
  });

  it('is refused for an address it does not name (the SANs are what browsers check)', async () => {
    const tls = selfSignedCertificate(['localhost']);
    const server = await start(tls);
    await assert.rejects(getHttps(`${server.url}/healthz`, tls.cert), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('is kept between runs: made once, reused while valid, key readable by its owner only', async () => {
    const cache = join(dir, 'keep');
    const hosts = ['localhost', '127.0.0.1', '10.77.0.1'];
    const first = await devCertificate({ hosts, dir: cache });
    assert.equal(first.created, true);
    assert.equal(first.file, join(cache, 'dev-cert.pem'));
    assert.equal((await stat(join(cache, 'dev-key.pem'))).mode & 0o777, 0o600);
    assert.equal((await stat(cache)).mode & 0o777, 0o700);
    const again = await devCertificate({ hosts, dir: cache });
    assert.equal(again.created, false);
    assert.equal(again.fingerprint, first.fingerprint, 'the same certificate: browsers that accepted it do not ask again');
    assert.equal(again.key, first.key);
    assert.equal(new X509Certificate(again.cert).fingerprint256, again.fingerprint);
  });

  it('is replaced when a new address appears, and the new one keeps the old addresses', async () => {
    const cache = join(dir, 'move');
    const home = await devCertificate({ hosts: ['localhost', '192.168.1.20'], dir: cache });
    const office = await devCertificate({ hosts: ['localhost', '10.0.0.5'], dir: cache });
    assert.equal(office.created, true);
    assert.notEqual(office.fingerprint, home.fingerprint);
    assert.deepEqual(office.hosts, ['localhost', '10.0.0.5', '192.168.1.20']);
    const back = await devCertificate({ hosts: ['localhost', '192.168.1.20'], dir: cache });
    assert.equal(back.fingerprint, office.fingerprint, 'back home: no new certificate');
  });

  it('is renewed 30 days before it expires, and when the files are damaged', async () => {
    const cache = join(dir, 'renew');
    const now = Date.now();
    const old = await devCertificate({ hosts: ['localhost'], dir: cache, now: new Date(now - 340 * DAY) });
    const renewed = await devCertificate({ hosts: ['localhost'], dir: cache, now: new Date(now) });
    assert.equal(renewed.created, true, '25 days left: renewed');
    assert.notEqual(renewed.fingerprint, old.fingerprint);
    await writeFile(join(cache, 'dev-key.pem'), 'not a key');
    const repaired = await devCertificate({ hosts: ['localhost'], dir: cache });
    assert.equal(repaired.created, true);
    assert.match(await readFile(join(cache, 'dev-key.pem'), 'utf8'), /BEGIN PRIVATE KEY/);
  });

  it('still works where it cannot be kept (made in memory, and says why)', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    const made = await devCertificate({ hosts: ['localhost'], dir: join(blocker, 'sub') });
    assert.equal(made.file, undefined);
    assert.match(made.cacheError ?? '', /ENOTDIR|EEXIST/);
    assert.ok(new X509Certificate(made.cert).checkHost('localhost'));
  });

  it("covers this machine's names and LAN addresses, and a --host address", () => {
    const hosts = devCertificateHosts(['192.0.2.77', '0.0.0.0']);
    for (const h of ['localhost', '127.0.0.1', '::1', ...lanAddresses(), '192.0.2.77']) assert.ok(hosts.includes(h), h);
    assert.ok(!hosts.includes('0.0.0.0'), 'not the wildcard address');
  });
});

describe('plain http on the TLS port', () => {
  it('is redirected to the same address and path over https', async () => {
    const server = await start(selfSignedCertificate(['localhost', '127.0.0.1']));
    const r = await getHttp(server.port, '/examples/plain.html?room=r1&user=a%20b', `10.77.0.1:${server.port}`);
    assert.equal(r.status, 307);
    assert.equal(r.headers.location, `https://10.77.0.1:${server.port}/examples/plain.html?room=r1&user=a%20b`);
    assert.equal(r.headers['cache-control'], 'no-store', 'never remembered: the same port may serve http tomorrow');
  });

  it('echoes nothing but a host name: a forged Host gets 400', async () => {
    const server = await start(selfSignedCertificate(['localhost', '127.0.0.1']));
    for (const host of ['evil.example/path', 'user@evil.example', '']) {
      const r = await getHttp(server.port, '/', host);
      assert.equal(r.status, 400, JSON.stringify(host));
      assert.equal(r.headers.location, undefined);
    }
  });

  it('a socket that never speaks does not keep close() waiting', async () => {
    const tls = selfSignedCertificate(['127.0.0.1']);
    const server = await start(tls);
    const idle = connect(server.port, '127.0.0.1');
    await new Promise((ok) => idle.once('connect', ok));
    const gone = new Promise((ok) => idle.once('close', ok));
    const t0 = Date.now();
    await server.close();
    servers.delete(server);
    await gone;
    assert.ok(Date.now() - t0 < 2000, `closed in ${Date.now() - t0} ms`);
  });
});

describe('zego-elements serve with TLS', () => {
  it('--dev on 0.0.0.0: https and wss URLs for every LAN address, the certificate and how to accept it', async () => {
    const { io, out } = recorder();
    const server = await serve(['--host', '0.0.0.0', '--port', '0', '--dev', '--quiet'], io);
    assert.ok(typeof server !== 'number');
    servers.add(server);
    assert.ok(
      out.some((l) => /^zego-elements room server: https:\/\/0\.0\.0\.0:\d+ \(WebSocket wss:\/\/0\.0\.0\.0:\d+\/ws\)$/.test(l)),
      out.join('\n'),
    );
    const lines = out.filter((l) => l.includes('on your network'));
    for (const [i, a] of lanAddresses().entries()) {
      assert.equal(lines[i], `  on your network: https://${a}:${server.port}/ (WebSocket wss://${a}:${server.port}/ws)`);
    }
    const file = join(dir, 'cache', 'zego-elements', 'dev-cert.pem');
    const x = new X509Certificate(await readFile(file, 'utf8'));
    const certLine = out.find((l) => l.includes('self-signed certificate'));
    assert.equal(certLine, `  self-signed certificate, made now, kept in ${file}; SHA-256 ${x.fingerprint256}`);
    assert.ok(out.some((l) => /each browser warns once: .*Proceed.*Accept the Risk.*visit this website/.test(l)));
    for (const a of lanAddresses()) assert.ok(x.checkIP(a), `the certificate names ${a}`);
    // what a browser of the LAN does: https to the address, then wss
    const a = lanAddresses()[0] ?? '127.0.0.1';
    const cert = await readFile(file, 'utf8');
    assert.equal((await getHttps(`https://${a}:${server.port}/healthz`, cert)).status, 200);
    assert.equal(await wssLogin(`wss://${a}:${server.port}/ws`, cert, 'carol'), 'login-ok');
    await server.close();
    servers.delete(server);

    // a second start reuses it
    const second = recorder();
    const again = await serve(['--host', '0.0.0.0', '--port', '0', '--dev', '--quiet'], second.io);
    assert.ok(typeof again !== 'number');
    servers.add(again);
    assert.ok(second.out.some((l) => l.startsWith('  self-signed certificate, made earlier,') && l.endsWith(x.fingerprint256)));
  });

  it('--dev on loopback stays http (localhost is a secure context already); --https makes it https', async () => {
    const plain = recorder();
    const s1 = await serve(['--port', '0', '--dev', '--quiet'], plain.io);
    assert.ok(typeof s1 !== 'number');
    servers.add(s1);
    assert.match(plain.out[0], /^zego-elements room server: http:\/\/127\.0\.0\.1:\d+ \(WebSocket ws:\/\/127\.0\.0\.1:\d+\/ws\)$/);
    const secure = recorder();
    const s2 = await serve(['--port', '0', '--dev', '--https', '--quiet'], secure.io);
    assert.ok(typeof s2 !== 'number');
    servers.add(s2);
    assert.match(secure.out[0], /^zego-elements room server: https:\/\/127\.0\.0\.1:\d+ \(WebSocket wss:\/\/127\.0\.0\.1:\d+\/ws\)$/);
  });

  it('--no-https on 0.0.0.0: http, and a line saying what other machines lose', async () => {
    const { io, out } = recorder();
    const server = await serve(['--host', '0.0.0.0', '--port', '0', '--dev', '--no-https', '--quiet'], io);
    assert.ok(typeof server !== 'number');
    servers.add(server);
    assert.ok(
      out.some((l) => l.startsWith('zego-elements room server: http://0.0.0.0:')),
      out.join('\n'),
    );
    for (const l of out.filter((x) => x.includes('on your network'))) assert.match(l, /: http:\/\/.* \(WebSocket ws:\/\//);
    assert.ok(out.some((l) => l.includes('plain http: browsers on other machines give these pages no camera or microphone')));
  });

  it('--cert and --key: that certificate, in any mode', async () => {
    const tls = selfSignedCertificate(['127.0.0.1']);
    await writeFile(join(dir, 'given-cert.pem'), tls.cert);
    await writeFile(join(dir, 'given-key.pem'), tls.key, { mode: 0o600 });
    const { io, out } = recorder();
    const server = await serve(['--port', '0', '--cert', join(dir, 'given-cert.pem'), '--key', join(dir, 'given-key.pem'), '--quiet'], io);
    assert.ok(typeof server !== 'number');
    servers.add(server);
    assert.match(out[0], /https:\/\/127\.0\.0\.1:\d+ \(WebSocket wss:/);
    assert.equal(out.filter((l) => l.includes('self-signed')).length, 0);
    assert.equal((await getHttps(`${server.url}/healthz`, tls.cert)).status, 200);
    assert.deepEqual(await readTlsFiles(join(dir, 'given-cert.pem'), join(dir, 'given-key.pem')), tls);
  });

  it('mistakes are one line and exit code 2', async () => {
    const other = selfSignedCertificate(['127.0.0.1']);
    await writeFile(join(dir, 'other-key.pem'), other.key);
    await writeFile(join(dir, 'not-a-cert.pem'), 'hello');
    const cert = join(dir, 'given-cert.pem');
    const cases: [string[], RegExp][] = [
      [['--cert', cert], /--cert and --key go together/],
      [['--cert', cert, '--key', join(dir, 'other-key.pem')], /other-key\.pem is not the key of .*given-cert\.pem/],
      [['--cert', join(dir, 'not-a-cert.pem'), '--key', join(dir, 'other-key.pem')], /not-a-cert\.pem is not a PEM certificate/],
      [['--cert', join(dir, 'missing.pem'), '--key', join(dir, 'other-key.pem')], /cannot read the certificate .*missing\.pem/],
      [['--https', '--no-https'], /use one of --cert\/--key, --https and --no-https/],
      [['--https', '--cert', cert, '--key', join(dir, 'given-key.pem')], /use one of/],
    ];
    for (const [args, message] of cases) {
      const { io, err } = recorder();
      assert.equal(await main(['serve', '--port', '0', '--quiet', ...args], io), 2, args.join(' '));
      assert.equal(err.length, 1);
      assert.match(err[0], message);
    }
  });
});
