// The test browsers other than Chromium (scripts/chromium.mjs), found the same way: an environment variable, then the
// usual paths; as root on Debian with none installed, Debian's package is installed with apt-get; anywhere else the
// run stops with one line saying what to do.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** The Debian-family check shared with scripts/chromium.mjs. */
export function isDebian() {
  return existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

/**
 * Finds a browser binary: `process.env[envVar]`, then the first existing candidate; else, as root on Debian, runs
 * `apt-get install <aptPackage>` and looks again; else prints `help` and exits.
 */
export function findOrInstall({ label, envVar, candidates, aptPackage, help }) {
  const find = () => {
    const fromEnv = process.env[envVar];
    if (fromEnv) {
      if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist`);
      return fromEnv;
    }
    return candidates.find((p) => existsSync(p));
  };
  let path = find();
  if (path) return path;
  if (process.getuid?.() === 0 && isDebian()) {
    console.error(`[zego-elements] no ${label} found: installing Debian package "${aptPackage}" with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', aptPackage], { stdio: 'inherit', env });
    path = find();
    if (path) return path;
  }
  console.error(help);
  process.exit(1);
}

/** Returns the path of a Firefox binary (ESR or release), installing Debian's `firefox-esr` when that is possible. */
export function firefoxPath() {
  return findOrInstall({
    label: 'Firefox',
    envVar: 'FIREFOX_PATH',
    candidates: [
      '/usr/bin/firefox-esr',
      '/usr/bin/firefox',
      '/usr/lib/firefox-esr/firefox-esr',
      '/usr/lib/firefox/firefox',
      '/snap/bin/firefox',
      '/Applications/Firefox.app/Contents/MacOS/firefox',
    ],
    aptPackage: 'firefox-esr',
    help: 'No Firefox found: install one (Debian: `sudo apt-get install firefox-esr`) or set FIREFOX_PATH=/path/to/firefox.',
  });
}

/**
 * Returns the path of `xvfb-run`, installing Debian's `xvfb` when that is possible. Firefox's leg runs with a window
 * on a virtual X display: headless Firefox has no screen to share (`getDisplayMedia` fails with NotFoundError and
 * there is no fake one), while with a display it shares that display without asking (permission prompts are off).
 */
export function xvfbRunPath() {
  return findOrInstall({
    label: 'xvfb-run',
    envVar: 'XVFB_RUN_PATH',
    candidates: ['/usr/bin/xvfb-run'],
    aptPackage: 'xvfb',
    help: 'No xvfb-run found (the Firefox tests need a virtual display): install it (Debian: `sudo apt-get install xvfb`) or set BROWSERS=chromium.',
  });
}

/**
 * Preferences every test Firefox gets (the counterpart of CHROMIUM_ARGS): fake camera and microphone with permission
 * granted, host candidates on every interface (its leg runs in a private network namespace, scripts/netns.mjs,
 * because Firefox never gathers a 127.0.0.1 candidate), a mock audio backend (headless Firefox has no audio output,
 * and without one an AudioContext never leaves "suspended"), and nothing that phones home.
 */
export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // fake devices count as a capture, as a real camera does: a capturing page may then play sound (autoplay policy)
  'media.navigator.permission.fake': true,
  // the fake microphone's tone (a continuous sine; Chromium's beeps a ~400 Hz square): the same pitch for both
  'media.navigator.audio.fake_frequency': 400,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.no_host': false,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.cubeb.force_mock_context': true,
  // WebGL on a virtual display without a GPU (the real Cocos engine's tests): Mesa's software rasteriser
  'webgl.force-enabled': true,
  // the camera and microphone of a page that is not focused (several test pages share one window)
  'media.devices.unfocused.enabled': true,
  // timers of pages and iframes out of view run at full rate, as with Chromium's --disable-background-timer-throttling
  'dom.min_background_timeout_value': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'app.update.enabled': false,
  'extensions.update.enabled': false,
};

if (import.meta.url === `file://${process.argv[1]}`) console.log(firefoxPath());
