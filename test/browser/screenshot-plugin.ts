// The `<area>-screenshot` commands of the element tests (prejoin, participants, remote): with UPDATE_SCREENSHOTS=1
// they write a PNG of the given clip under docs/screenshots/ (at 2x); otherwise the command is not handled and
// the tests go on without pictures.
import { mkdirSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';

interface Payload {
  path: string;
  clip: { x: number; y: number; width: number; height: number };
}

export function screenshotPlugin(): TestRunnerPlugin {
  const root = resolve('docs/screenshots');
  return {
    name: 'element-screenshots',
    async executeCommand({ command, payload, session }) {
      if (!command.endsWith('-screenshot') || process.env.UPDATE_SCREENSHOTS !== '1') return undefined;
      const { path, clip } = payload as Payload;
      const file = resolve(path);
      if (!file.startsWith(root + sep)) throw new Error(`screenshots go under docs/screenshots/, not ${path}`);
      const page = (session.browser as ChromeLauncher).getPage(session.id);
      mkdirSync(dirname(file), { recursive: true });
      await page.screenshot({ path: file as `${string}.png`, clip: { ...clip, scale: 2 } });
      return true;
    },
  };
}
