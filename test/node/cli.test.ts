// `zego-elements serve` as a developer meets it: a busy port says what to do, and serving on every interface
// prints the addresses other machines use.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { lanAddresses, main, serve } from '../../server/cli.js';

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe('zego-elements serve', () => {
  it('a busy port: one line saying how to pick another, exit code 2', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { io, err } = recorder();
      const code = await main(['serve', '--port', String(port), '--quiet'], io);
      assert.equal(code, 2);
      assert.equal(err.length, 1);
      assert.match(err[0], new RegExp(`port ${port} is busy`));
      assert.match(err[0], new RegExp(`npm start -- --port ${port + 1}`));
    } finally {
      blocker.close();
    }
  });

  it('on 0.0.0.0: the LAN addresses, each with its WebSocket URL', async () => {
    const { io, out } = recorder();
    const server = await serve(['--host', '0.0.0.0', '--port', '0', '--quiet'], io);
    assert.ok(typeof server !== 'number');
    try {
      const lines = out.filter((l) => l.includes('on your network'));
      const addresses = lanAddresses();
      assert.equal(lines.length, addresses.length, `one line per address: ${addresses.join(', ') || 'none on this machine'}`);
      if (!addresses.length) assert.ok(out.some((l) => l.includes('no network interface but loopback')));
      for (const [i, a] of addresses.entries()) {
        assert.equal(lines[i], `  on your network: http://${a}:${server.port}/ (WebSocket ws://${a}:${server.port}/ws)`);
      }
    } finally {
      await server.close();
    }
  });

  it('on 127.0.0.1 (the default): no LAN line', async () => {
    const { io, out } = recorder();
    const server = await serve(['--port', '0', '--quiet'], io);
    assert.ok(typeof server !== 'number');
    await server.close();
    assert.equal(out.filter((l) => l.includes('on your network')).length, 0);
    assert.match(out.at(-1)!, /^zego-elements room server: http:\/\/127\.0\.0\.1:\d+ \(WebSocket ws:\/\/127\.0\.0\.1:\d+\/ws\)$/);
  });
});
