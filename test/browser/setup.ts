// Loaded before every browser test file (web-test-runner.config.mjs, testRunnerHtml).
//
// browser.ts: which browser this is, and Firefox's MediaStreamTrack events made standard before any test listens.
//
// A failing assertion whose `actual` or `expected` is a DOM node (`expect(part(el, 'x')).to.equal(null)`) cannot be
// structuredClone'd to the runner, which then waits for the whole file until its 4-minute timeout and says nothing
// of the failure (modernweb-dev/web#2967). Such values are replaced by their description before the error leaves.
import { chai } from '@open-wc/testing';
import './browser.js';

chai.use((c) => {
  const assert = c.Assertion.prototype.assert;
  c.Assertion.prototype.assert = function (...args: Parameters<typeof assert>) {
    try {
      return assert.apply(this, args);
    } catch (e) {
      const error = e as { actual?: unknown; expected?: unknown };
      for (const key of ['actual', 'expected'] as const) {
        try {
          structuredClone(error[key]);
        } catch {
          error[key] = describe(error[key]);
        }
      }
      throw e;
    }
  };
});

function describe(value: unknown): string {
  if (value instanceof Element)
    return `<${value.localName}${value.id ? `#${value.id}` : ''}${value.getAttribute('part') ? ` part="${value.getAttribute('part')}"` : ''}>`;
  if (value instanceof Node) return value.nodeName;
  return Object.prototype.toString.call(value);
}
