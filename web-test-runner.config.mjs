// Browser tests: real headless Chromium (system binary), fake camera/microphone, loopback-only WebRTC and no name
// resolution past this machine. A room server runs beside the test server for the WebSocket transport; tests reach
// it through the `room-server` command (start, stop, restart, url). `UPDATE_SCREENSHOTS=1` lets the element tests
// write their pictures to docs/screenshots/ (test/browser/screenshot-plugin.ts).
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromiumPath, CHROMIUM_ARGS } from './scripts/chromium.mjs';
import { roomServerPlugin } from './test/browser/room-server-plugin.ts';
import { zegoSdkPlugin } from './test/browser/zego-sdk-plugin.ts';
import { screenshotPlugin } from './test/browser/screenshot-plugin.ts';

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 4 * 60_000,
  // test/browser/setup.ts first: failures carrying DOM nodes are reported instead of hanging the file
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><head></head><body><script type="module" src="/test/browser/setup.ts"></script><script type="module" src="${testFramework}"></script></body></html>`,
  testFramework: { config: { timeout: 30_000, ...(process.env.WTR_GREP ? { grep: process.env.WTR_GREP } : {}) } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    roomServerPlugin(),
    zegoSdkPlugin(),
    screenshotPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS },
    }),
  ],
};
