// Browser tests in one browser per run: `ZEGO_BROWSER=chromium` (default) or `firefox` (scripts/wtr.mjs runs both,
// Firefox inside a private network namespace, with a window on a virtual display). Real browsers (system binaries),
// fake camera/microphone, WebRTC that never leaves the machine, and no name resolution past it. A room server runs beside the test server for
// the WebSocket transport; tests reach it through the `room-server` command (start, stop, restart, url).
// `UPDATE_SCREENSHOTS=1` lets the element tests write their pictures to docs/screenshots/ (Chromium only:
// test/browser/screenshot-plugin.ts).
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import * as puppeteerCore from 'puppeteer-core';
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium.mjs';
import { firefoxPath, FIREFOX_PREFS } from './scripts/browsers.mjs';
import { NETNS_ADDRESS, insideNetns } from './scripts/netns.mjs';
import { roomServerPlugin } from './test/browser/room-server-plugin.ts';
import { zegoSdkPlugin } from './test/browser/zego-sdk-plugin.ts';
import { screenshotPlugin } from './test/browser/screenshot-plugin.ts';
import { colorSchemePlugin } from './test/browser/color-scheme-plugin.ts';

const browser = process.env.ZEGO_BROWSER ?? 'chromium';
if (browser !== 'chromium' && browser !== 'firefox') throw new Error(`ZEGO_BROWSER=${browser}: chromium or firefox`);
if (browser === 'firefox' && !insideNetns())
  throw new Error('the Firefox leg runs inside scripts/netns.mjs (npm run test:browser does it)');

/**
 * What a test page knows of its run (test/browser/browser.ts): the browser, and the one address its ICE candidates
 * may use (127.0.0.1 in Chromium; in Firefox, which never gathers a loopback candidate, the namespace's address).
 */
const testEnv = { browser, iceAddress: browser === 'firefox' ? NETNS_ADDRESS : '127.0.0.1' };

const launcher =
  browser === 'firefox'
    ? chromeLauncher({
        puppeteer: puppeteerCore,
        launchOptions: {
          browser: 'firefox',
          executablePath: firefoxPath(),
          // a window on the virtual display scripts/wtr.mjs starts: only then can Firefox share a screen
          headless: !process.env.DISPLAY,
          extraPrefsFirefox: FIREFOX_PREFS,
          // the color-scheme command sets a preference from the parent process (test/browser/color-scheme-plugin.ts)
          args: ['--remote-allow-system-access'],
          // WebGL on the virtual display through Mesa's EGL (the real Cocos engine's tests)
          env: { ...process.env, MOZ_WEBGL_FORCE_EGL: '1' },
        },
      })
    : chromeLauncher({
        launchOptions: { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS },
      });

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 4 * 60_000,
  // test/browser/setup.ts first: failures carrying DOM nodes are reported instead of hanging the file
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><head><script>globalThis.__zegoTestEnv = ${JSON.stringify(testEnv)};</script></head><body><script type="module" src="/test/browser/setup.ts"></script><script type="module" src="${testFramework}"></script></body></html>`,
  testFramework: { config: { timeout: 30_000, ...(process.env.WTR_GREP ? { grep: process.env.WTR_GREP } : {}) } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    roomServerPlugin(),
    zegoSdkPlugin(),
    screenshotPlugin(),
    colorSchemePlugin(browser),
    // `import ... from 'cc'` in the Cocos component: the real Cocos Creator 3.8.4 engine (test/fixtures/cocos-engine/)
    { name: 'cocos-engine', resolveImport: ({ source }) => (source === 'cc' ? '/test/fixtures/cocos-engine/cc.js' : undefined) },
  ],
  browsers: [launcher],
};
