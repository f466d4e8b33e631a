// The `color-scheme` command (test/browser/browser.ts `colorScheme()`): `prefers-color-scheme` for the page under
// test in either browser. Chromium emulates the media feature over CDP (what `emulateMedia` does); puppeteer cannot
// over WebDriver BiDi, so Firefox (started with -remote-allow-system-access) sets its content override preference
// from its parent process, which every page follows at once.
import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';

interface Payload {
  scheme: 'light' | 'dark';
}

/** `layout.css.prefers-color-scheme.content-override`: 0 dark, 1 light. */
const FIREFOX_OVERRIDE = { dark: 0, light: 1 } as const;

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: { contexts?: { context: string }[] } }>;
}

export function colorSchemePlugin(browser: 'chromium' | 'firefox'): TestRunnerPlugin {
  return {
    name: 'color-scheme',
    async executeCommand({ command, payload, session }) {
      if (command !== 'color-scheme') return undefined;
      const { scheme } = payload as Payload;
      if (scheme !== 'light' && scheme !== 'dark') throw new Error(`color-scheme: light or dark, not ${String(scheme)}`);
      const page = (session.browser as ChromeLauncher).getPage(session.id);
      if (browser === 'chromium') {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        return true;
      }
      const bidi = (page.browser() as unknown as { connection: BidiConnection }).connection;
      const tree = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const context = tree.result.contexts?.[0]?.context;
      if (!context) throw new Error('color-scheme: no Firefox chrome window (was it started with -remote-allow-system-access?)');
      await bidi.send('script.evaluate', {
        expression: `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${FIREFOX_OVERRIDE[scheme]})`,
        target: { context },
        awaitPromise: false,
      });
      return true;
    },
  };
}
