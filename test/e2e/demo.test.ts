// `npm start` as a developer meets it: the demo from its sources (Vite inside the room server, scripts/start.ts)
// and the room server on one port; and `npm run preview`'s server, the built demo. In each, two pages that join the
// same room through the form see each other's video. Elements are found by their labels, not ids. A busy port gets
// one line naming --port.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { REPO, ensureBuilt, launchChromium, recordedPage, waitForRemoteVideo } from './helpers.js';

/** `npm start` and `npm run preview` without npm: the commands their scripts run, on a free port. */
const WAYS = {
  'npm start (the sources, no build)': [process.execPath, '--import', 'tsx', 'scripts/start.ts'],
  'npm run preview (the build)': [process.execPath, 'bin/zego-elements.js', 'serve', '--dev', '--demo', 'dist/demo'],
};

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close().catch(() => {});
});

/** Starts `command`; resolves with its URL once it printed one and /healthz answers. */
async function started(command: string[]): Promise<{ cli: ChildProcess; url: string; exit: () => string }> {
  const cli = spawn(command[0], [...command.slice(1), '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let exit = '';
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed in 20 s:\n${out}`)), 20_000);
    cli.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /room server: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    cli.stderr!.on('data', (d: Buffer) => (out += d));
    cli.once('exit', (code, signal) => {
      exit = `it exited (${code ?? signal}):\n${out}`;
      reject(new Error(exit));
    });
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exit) throw new Error(exit);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer in 10 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { cli, url, exit: () => exit };
}

async function stopped(cli: ChildProcess): Promise<void> {
  if (cli.exitCode !== null || cli.signalCode !== null) return;
  const exited = new Promise((r) => cli.once('exit', r));
  cli.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
}

for (const [way, command] of Object.entries(WAYS)) {
  describe(way, () => {
    let served: Awaited<ReturnType<typeof started>>;
    before(async () => {
      if (command.includes('dist/demo')) ensureBuilt(['dist/demo/index.html']);
      served = await started(command);
    });
    after(() => served && stopped(served.cli));

    async function joinAs(name: string): Promise<{ page: Page; errors: string[] }> {
      const { page, errors } = await recordedPage(browser);
      await page.goto(`${served.url}/?room=e2e-demo-${way.split(' ')[1]}`, { waitUntil: 'load', timeout: 30_000 }).catch((e: Error) => {
        throw new Error(`${e.message}${served.exit() ? `\n${served.exit()}` : ''}`);
      });
      // the pre-join screen of <zego-call>, found by its label as a person finds it
      const field = await page.locator('::-p-aria([name="Your name"][role="textbox"])').waitHandle();
      await field.evaluate((el) => ((el as HTMLInputElement).value = ''));
      await field.type(name);
      await field.press('Enter');
      await page.waitForFunction(() => document.querySelector('zego-call')?.getAttribute('state') === 'in-call', {
        timeout: 30_000,
        polling: 100,
      });
      return { page, errors };
    }

    it("two pages join one room through the pre-join screen and see each other's video", { timeout: 120_000 }, async () => {
      // two names the old demo mapped to the same user ID ('__'): each tab is its own user now
      const a = await joinAs('李雷');
      const b = await joinAs('韩梅梅');
      try {
        const ids = await Promise.all([a, b].map((o) => o.page.evaluate(() => document.querySelector('zego-call')!.room!.userID)));
        assert.notEqual(ids[0], ids[1], 'two user IDs');
        for (const [name, o] of [
          ['李雷', a],
          ['韩梅梅', b],
        ] as const) {
          await o.page.bringToFront();
          const view = await waitForRemoteVideo(o.page);
          assert.ok(!view.problem, `${name}: ${view.problem}`);
          assert.ok(view.spread > 8, `${name}: the remote tile is not uniform (luma spread ${view.spread.toFixed(1)})`);
          assert.ok(view.changed > 0.005, `${name}: the remote tile moves (${(view.changed * 100).toFixed(2)}% of pixels changed)`);
        }
        assert.deepEqual(a.errors, [], 'no page error (李雷)');
        assert.deepEqual(b.errors, [], 'no page error (韩梅梅)');
      } finally {
        await a.page.close();
        await b.page.close();
      }
    });
  });
}

it('npm start on a busy port: one line naming --port, exit code 2', async () => {
  const holder = createServer();
  await new Promise<void>((ok) => holder.listen(0, '127.0.0.1', ok));
  const port = (holder.address() as { port: number }).port;
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--port', String(port)], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 2, `exit code; stderr: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${r.stderr}`);
    assert.match(lines[0], new RegExp(`port ${port} is busy.*--port ${port + 1}`));
  } finally {
    holder.close();
  }
});
