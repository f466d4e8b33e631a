// Finds a system Chromium/Chrome for the tests. As root on Debian with none installed, installs Debian's
// `chromium` package; anywhere else, fails with one line saying what to do.
import { findOrInstall } from './browsers.mjs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Flags every test browser gets: fake media, loopback WebRTC, and no name resolution past this machine. */
export const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** Returns the path of a Chromium/Chrome binary, installing Debian's package when that is possible. */
export function chromiumPath() {
  return findOrInstall({
    label: 'Chromium',
    envVar: 'CHROME_PATH',
    candidates: CANDIDATES,
    aptPackage: 'chromium',
    help: 'No Chromium/Chrome found: install one (Debian: `sudo apt-get install chromium`) or set CHROME_PATH=/path/to/chrome.',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(chromiumPath());
