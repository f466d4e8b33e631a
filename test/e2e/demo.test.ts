// `npm start` as a developer meets it: the CLI serves the built demo and the room server on one port, and two pages
// that join the same room through the form see each other's video. Elements are found by their labels, not ids.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { REPO, ensureBuilt, launchChromium, recordedPage, waitForRemoteVideo } from './helpers.js';

let cli: ChildProcess;
let url: string;
let browser: Browser;
/** Set when the CLI process ends: the reason a page could not reach it. */
let cliExit = '';

before(async () => {
  ensureBuilt(['dist/demo/index.html']);
  // what `npm start` runs after building, on a free port
  cli = spawn(process.execPath, ['bin/zego-elements.js', 'serve', '--dev', '--demo', 'dist/demo', '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the CLI printed no URL in 20 s:\n${out}`)), 20_000);
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
      cliExit = `the CLI exited (${code ?? signal}):\n${out}`;
      reject(new Error(cliExit));
    });
  });
  // the demo must answer before a page asks for it; if the CLI died, say how
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (cliExit) throw new Error(cliExit);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer in 10 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => {});
  if (cli && cli.exitCode === null) {
    const exited = new Promise((r) => cli.once('exit', r));
    cli.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
});

async function joinAs(name: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await recordedPage(browser);
  await page.goto(`${url}/?room=e2e-demo`, { waitUntil: 'load', timeout: 30_000 }).catch((e: Error) => {
    throw new Error(`${e.message}${cliExit ? `\n${cliExit}` : ''}`);
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

it(
  "two pages of the demo served by the CLI join one room through the pre-join screen and see each other's video",
  { timeout: 120_000 },
  async () => {
    // two names the old demo mapped to the same user ID ('__'): each tab is its own user now
    const a = await joinAs('李雷');
    const b = await joinAs('韩梅梅');
    const ids = await Promise.all([a, b].map((o) => o.page.evaluate(() => document.querySelector('zego-call')!.room!.userID)));
    assert.notEqual(ids[0], ids[1], 'two user IDs');
    for (const [name, o] of [
      ['李雷', a],
      ['韩梅梅', b],
    ] as const) {
      const view = await waitForRemoteVideo(o.page);
      assert.ok(!view.problem, `${name}: ${view.problem}`);
      assert.ok(view.spread > 8, `${name}: the remote tile is not uniform (luma spread ${view.spread.toFixed(1)})`);
      assert.ok(view.changed > 0.005, `${name}: the remote tile moves (${(view.changed * 100).toFixed(2)}% of pixels changed)`);
    }
    assert.deepEqual(a.errors, [], 'no page error (李雷)');
    assert.deepEqual(b.errors, [], 'no page error (韩梅梅)');
  },
);
