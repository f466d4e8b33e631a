// Another machine of the LAN, for real: a private network namespace (nothing leaves it) where this machine is
// 10.77.0.1, `zego-elements serve --host 0.0.0.0 --dev` as a person starts it, and a headless Chromium inside the
// same namespace. Over https from 10.77.0.1 (the certificate accepted once, through the browser's own warning) the
// page is a secure context, captures and publishes, and another page plays it. Over plain http from that address
// the camera cannot work: the page says why, and still joins and plays the others.
// Linux and root only (unshare -n, ip link): elsewhere the suite is skipped with the reason printed.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
// @ts-expect-error: a plain .mjs helper shared with the test runner, without type declarations
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { REPO, ensureBuilt, waitForRemoteVideo } from './helpers.js';

/** This machine's address inside the namespace; the default route points at 10.77.0.254, which nobody holds. */
const ADDRESS = '10.77.0.1';
const NAMESPACE = [
  'set -e',
  'ip link set lo up',
  'ip link add zv0 type veth peer name zv1',
  `ip addr add ${ADDRESS}/24 dev zv0`,
  'ip link set zv0 up',
  'ip link set zv1 up',
  'ip route add default via 10.77.0.254',
  'echo ready',
  // the namespace lives as long as this test process (and whatever still runs inside it)
  `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
].join('\n');

function skipReason(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux (network namespaces)';
  if (process.getuid?.() !== 0) return 'needs root (unshare -n, ip link add)';
  for (const tool of ['unshare', 'nsenter', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `needs ${tool} (util-linux, iproute2)`;
  }
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up']);
  if (probe.status !== 0) return `unshare -n is not allowed here: ${String(probe.stderr).trim()}`;
  return undefined;
}

const skip = skipReason();
if (skip) console.log(`# lan-https: skipped: ${skip}`);

interface Served {
  process: ChildProcess;
  lines: string[];
  port: number;
}

let dir: string;
let holder: ChildProcess | undefined;
const children: ChildProcess[] = [];
let secure: Served;
let plain: Served;
let browser: Browser;

/** Runs `zego-elements serve ...args` inside the namespace; resolves once it printed `until`. */
async function serveInside(args: string[], until: RegExp): Promise<Served> {
  // `timeout`: a server left behind by a killed test run ends by itself
  const child = spawn(
    'nsenter',
    ['-t', String(holder!.pid), '-n', 'timeout', '600', process.execPath, 'bin/zego-elements.js', 'serve', ...args],
    {
      cwd: REPO,
      env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let text = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server printed no ${until} in 20 s:\n${text}`)), 20_000);
    const read = (d: Buffer) => {
      text += String(d);
      if (until.test(text)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => fail(new Error(`the server exited (${code}):\n${text}`)));
  });
  const lines = text.split('\n');
  const port = Number(/^zego-elements room server: https?:\/\/0\.0\.0\.0:(\d+) /m.exec(text)?.[1]);
  return { process: child, lines, port };
}

before(async () => {
  if (skip) return;
  ensureBuilt(['dist/cdn/zego-elements.js', 'dist/node/server/cli.js']);
  dir = mkdtempSync(join(tmpdir(), 'zego-lan-'));
  holder = spawn('unshare', ['-n', 'sh', '-c', NAMESPACE], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    holder!.stdout!.on('data', (d) => String(d).includes('ready') && ok());
    holder!.once('exit', (code) => fail(new Error(`the namespace could not be set up (${code})`)));
  });
  secure = await serveInside(['--host', '0.0.0.0', '--port', '0', '--dev', '--demo', '.'], /each browser warns once/);
  plain = await serveInside(['--host', '0.0.0.0', '--port', '0', '--dev', '--no-https', '--demo', '.'], /plain http: /);
  // Chromium inside the namespace too; puppeteer still talks to it over its pipe
  const wrapper = join(dir, 'chromium-in-namespace');
  writeFileSync(wrapper, `#!/bin/sh\nexec nsenter -t ${holder.pid} -n '${chromiumPath()}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  browser = await puppeteer.launch({
    executablePath: wrapper,
    headless: true,
    // no name resolves past this machine; the namespace's own address is let through
    args: (CHROMIUM_ARGS as string[]).map((a) => (a.startsWith('--host-resolver-rules=') ? `${a}, EXCLUDE ${ADDRESS}` : a)),
    pipe: true,
    protocolTimeout: 60_000,
  });
  // Chromium sees the namespace's link come up shortly after it starts and fails a load under way with
  // ERR_NETWORK_CHANGED: settle that on a plain page first, so no test's first load meets it
  const page = await browser.newPage();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(`http://${ADDRESS}:${plain.port}/healthz`, { timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 5 || !/ERR_NETWORK_CHANGED/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await page.close();
});

after(async () => {
  await browser?.close().catch(() => {});
  for (const c of children) c.kill();
  holder?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function opened(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // a late ERR_NETWORK_CHANGED from the namespace's link: once more
  await page
    .goto(url, { waitUntil: 'load', timeout: 30_000 })
    .catch((e: Error) =>
      /ERR_NETWORK_CHANGED/.test(String(e)) ? page.goto(url, { waitUntil: 'load', timeout: 30_000 }) : Promise.reject(e),
    );
  return { page, errors };
}

async function joined(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.querySelector('zego-room')?.getAttribute('state') === 'connected', { timeout: 30_000, polling: 100 })
    .catch(async (e: Error) => {
      const log = await page.evaluate(() => document.querySelector('#log')?.textContent);
      throw new Error(`${e.message}: ${page.url()} never joined; its log: ${log}`);
    });
}

/** What the page's `<zego-local-video>` shows: its state and the words of its message. */
function localVideo(page: Page): Promise<{ state: string | null; message: string; hint: string; retry: boolean }> {
  return page.evaluate(() => {
    const el = document.querySelector('zego-local-video');
    const box = el?.shadowRoot?.querySelector('[part="state"]');
    return {
      state: el?.getAttribute('state') ?? null,
      message: box?.querySelector('span')?.textContent?.trim() ?? '',
      hint: box?.querySelector('.hint')?.textContent?.trim() ?? '',
      retry: !!box?.querySelector('[part="retry"]'),
    };
  });
}

describe(`a page of another machine (${ADDRESS}, a private network namespace)`, { skip }, () => {
  it('serve --host 0.0.0.0 --dev prints the https and wss address of this machine, and the certificate', () => {
    const https = `https://${ADDRESS}:${secure.port}/`;
    assert.deepEqual(
      secure.lines.filter((l) => l.includes('on your network')),
      [`  on your network: ${https} (WebSocket wss://${ADDRESS}:${secure.port}/ws)`],
      'the namespace has one address besides loopback',
    );
    const file = join(dir, 'cache', 'zego-elements', 'dev-cert.pem');
    const x509 = new X509Certificate(readFileSync(file));
    assert.ok(x509.checkIP(ADDRESS), `the certificate names ${ADDRESS}: ${x509.subjectAltName}`);
    assert.ok(secure.lines.some((l) => l.includes(`kept in ${file}; SHA-256 ${x509.fingerprint256}`)));
    assert.deepEqual(
      plain.lines.filter((l) => l.includes('on your network')),
      [`  on your network: http://${ADDRESS}:${plain.port}/ (WebSocket ws://${ADDRESS}:${plain.port}/ws)`],
    );
  });

  it('the certificate is accepted once, as a person does: the warning, then Advanced and Proceed', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    try {
      const url = `https://${ADDRESS}:${secure.port}/examples/plain.html?room=accept&user=first`;
      // (a late ERR_NETWORK_CHANGED from the namespace's link: once more)
      const first = await page.goto(url, { timeout: 30_000 }).then(
        () => null,
        (e: Error) => e,
      );
      if (/ERR_NETWORK_CHANGED/.test(String(first)))
        await assert.rejects(page.goto(url, { timeout: 30_000 }), /ERR_CERT_AUTHORITY_INVALID/);
      else assert.match(String(first), /ERR_CERT_AUTHORITY_INVALID/);
      // Chromium's warning page, in the tab, once the failed load settles
      await page.waitForSelector('#details-button', { timeout: 10_000 });
      assert.match(await page.evaluate(() => document.body.innerText), /Your connection is not private/);
      await page.click('#details-button');
      const response = page.waitForNavigation({ timeout: 30_000 });
      await page.click('#proceed-link');
      const details = (await response)?.securityDetails();
      assert.equal(page.url(), url);
      assert.ok(details?.subjectAlternativeNames().includes(ADDRESS), `the browser got our certificate: ${JSON.stringify(details)}`);
    } finally {
      await page.close();
    }
  });

  it('over https: a secure context that captures and publishes; another page plays it', { timeout: 120_000 }, async () => {
    const base = `https://${ADDRESS}:${secure.port}/examples/plain.html?room=lan-https&server=wss://${ADDRESS}:${secure.port}/ws`;
    const alice = await opened(`${base}&user=alice`);
    const bob = await opened(`${base}&user=bob`);
    try {
      const context = await alice.page.evaluate(() => ({
        origin: location.origin,
        secure: isSecureContext,
        mediaDevices: !!navigator.mediaDevices,
        locks: 'locks' in navigator,
      }));
      assert.deepEqual(context, { origin: `https://${ADDRESS}:${secure.port}`, secure: true, mediaDevices: true, locks: true });
      await joined(alice.page);
      await joined(bob.page);
      await alice.page.waitForFunction(() => document.querySelector('zego-local-video')?.getAttribute('state') === 'live', {
        timeout: 20_000,
        polling: 100,
      });
      // alice's camera, through the room server over wss, on bob's page: moving pixels
      const view = await waitForRemoteVideo(bob.page);
      assert.ok(!view.problem && view.spread > 8 && view.changed > 0.005, `bob sees alice: ${JSON.stringify(view)}`);
      const back = await waitForRemoteVideo(alice.page);
      assert.ok(!back.problem && back.spread > 8, `and alice sees bob: ${JSON.stringify(back)}`);
      assert.deepEqual([...alice.errors, ...bob.errors], [], 'no page error');
    } finally {
      await alice.page.close();
      await bob.page.close();
    }
  });

  it('typing http:// to the https port lands on the https page', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`http://${ADDRESS}:${secure.port}/examples/plain.html?room=typed&user=t`, { waitUntil: 'load', timeout: 30_000 });
      assert.equal(page.url(), `https://${ADDRESS}:${secure.port}/examples/plain.html?room=typed&user=t`);
    } finally {
      await page.close();
    }
  });

  it('over plain http: no camera, a message saying why, and the call still works', { timeout: 120_000 }, async () => {
    // carol opens the LAN address over http; dave is on the server's own machine (localhost: a secure context)
    const carol = await opened(
      `http://${ADDRESS}:${plain.port}/examples/plain.html?room=lan-http&user=carol&server=ws://${ADDRESS}:${plain.port}/ws`,
    );
    const dave = await opened(
      `http://127.0.0.1:${plain.port}/examples/plain.html?room=lan-http&user=dave&server=ws://127.0.0.1:${plain.port}/ws`,
    );
    try {
      const context = await carol.page.evaluate(() => ({ secure: isSecureContext, mediaDevices: !!navigator.mediaDevices }));
      assert.deepEqual(context, { secure: false, mediaDevices: false }, 'what browsers give a LAN page over http');
      await carol.page
        .waitForFunction(() => document.querySelector('zego-local-video')?.getAttribute('state') === 'denied', {
          timeout: 20_000,
          polling: 100,
        })
        .catch(async () => {
          const log = await carol.page.evaluate(() => document.querySelector('#log')?.textContent);
          throw new Error(`the self-view shows ${JSON.stringify(await localVideo(carol.page))}, not why; the page's log: ${log}`);
        });
      const shown = await localVideo(carol.page);
      assert.equal(shown.message, 'Camera and microphone need https');
      assert.match(shown.hint, /https:\/\//);
      assert.equal(shown.retry, false, 'no "Try again": trying again cannot help');
      const error = await carol.page.evaluate(() =>
        [...document.querySelectorAll('#log li[data-event="zego-error"]')].map((li) => li.textContent ?? '').join('\n'),
      );
      assert.match(error, /"code":1103064.*https/, 'zego-error says it too');
      // not a broken page: carol joins and sees dave
      await joined(carol.page);
      const view = await waitForRemoteVideo(carol.page);
      assert.ok(!view.problem && view.spread > 8 && view.changed > 0.005, `carol sees dave: ${JSON.stringify(view)}`);
      assert.deepEqual([...carol.errors, ...dave.errors], [], 'no page error');
    } finally {
      await carol.page.close();
      await dave.page.close();
    }
  });
});
