// Which browser a test page runs in (as web-test-runner.config.mjs tells it), the one address its ICE candidates may
// use, and what makes one test run alike in Chromium and Firefox. Loaded first on every test page (setup.ts).
// (@web/test-runner-commands is imported where used: helpers.ts imports this file, and pages outside the test
// runner (test/node/pages, the bench) load helpers.ts too)
const commands = () => import('@web/test-runner-commands');

interface TestEnv {
  browser: 'chromium' | 'firefox';
  /** 127.0.0.1 in Chromium; the private network namespace's address in Firefox (scripts/netns.mjs). */
  iceAddress: string;
}

type EnvHolder = { __zegoTestEnv?: TestEnv };
// a same-origin iframe (a second page: fixtures/*-frame.html) is not given one: its parent's holds for it too, or its
// engines would keep only 127.0.0.1 candidates, which Firefox never gathers
const inherited = (): TestEnv | undefined => {
  try {
    return globalThis.parent !== globalThis.window ? (globalThis.parent as unknown as EnvHolder).__zegoTestEnv : undefined;
  } catch {
    return undefined; // a cross-origin parent
  }
};
const env: TestEnv = (globalThis as EnvHolder).__zegoTestEnv ?? inherited() ?? { browser: 'chromium', iceAddress: '127.0.0.1' };

export const testBrowser = env.browser;
export const iceAddress = env.iceAddress;
export const isFirefox = env.browser === 'firefox';
export const isChromium = env.browser === 'chromium';

/** `prefers-color-scheme` of the page under test, in either browser (test/browser/color-scheme-plugin.ts). */
export async function colorScheme(scheme: 'light' | 'dark'): Promise<void> {
  await (await commands()).executeServerCommand('color-scheme', { scheme });
}

/**
 * A real click (through the browser's input, not a script event) in this page or a same-origin iframe's, for what
 * needs transient user activation: Firefox refuses `getDisplayMedia` without it ("requires transient activation from
 * a user gesture"), as Safari does; Chromium's test flags do not ask. The activation lasts a few seconds.
 */
export async function userGesture(win: Window = window): Promise<void> {
  const doc = win.document;
  // a second page's iframe sits after the fixture, often below the viewport, where a click lands on nothing
  win.frameElement?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const frame = win.frameElement?.getBoundingClientRect() ?? { left: 0, top: 0 };
  const target = doc.createElement('button');
  target.textContent = 'gesture';
  target.style.cssText = 'position:fixed;left:0;top:0;width:8px;height:8px;margin:0;padding:0;border:0;z-index:2147483647;opacity:0';
  doc.body.append(target);
  const x = Math.ceil(frame.left) + 4;
  const y = Math.ceil(frame.top) + 4;
  // say what is in the way rather than time out: a click at the frame's corner reaches whatever is on top there
  const hit = win.frameElement?.ownerDocument.elementFromPoint(x, y);
  if (win.frameElement && hit !== win.frameElement)
    throw new Error(
      `userGesture: the iframe is covered at ${x},${y} by ${hit ? `<${hit.localName} ${hit.id || hit.className}>` : 'nothing (off screen)'}`,
    );
  try {
    const clicked = new Promise((resolve) => target.addEventListener('click', resolve, { once: true }));
    await (await commands()).sendMouse({ type: 'click', position: [x, y] });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const missed = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('userGesture: the click did not reach the page (covered or out of view?)')), 5000);
    });
    await Promise.race([clicked, missed]).finally(() => clearTimeout(timer));
  } finally {
    target.remove();
  }
}

/**
 * Firefox delivers an event that a script dispatches on a MediaStreamTrack to its `on<type>` handler but not to the
 * listeners added with addEventListener (a real `ended`, from the browser, reaches both). The tests stand in for an
 * unplugged camera or the browser's "Stop sharing" with such an event (no fake device can be unplugged), so here
 * those listeners get it too, as the DOM standard says and Chromium does. Nothing changes for real events.
 */
function deliverScriptEventsToTrackListeners(): void {
  type Entry = { listener: EventListenerOrEventListenerObject; capture: boolean; once: boolean };
  const registry = new WeakMap<EventTarget, Map<string, Entry[]>>();
  const proto = MediaStreamTrack.prototype;
  const { addEventListener: add, removeEventListener: remove, dispatchEvent: dispatch } = proto;
  const capture = (options?: boolean | EventListenerOptions) => (typeof options === 'boolean' ? options : !!options?.capture);
  const forget = (target: EventTarget, type: string, listener: EventListenerOrEventListenerObject, isCapture: boolean) => {
    const list = registry.get(target)?.get(type);
    const i = list?.findIndex((e) => e.listener === listener && e.capture === isCapture) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  };
  proto.addEventListener = function (
    this: MediaStreamTrack,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (!listener) return; // as the native method does with no listener
    add.call(this, type, listener, options);
    const signal = typeof options === 'object' ? options.signal : undefined;
    if (signal?.aborted) return;
    const byType = registry.get(this) ?? new Map<string, Entry[]>();
    registry.set(this, byType);
    const list = byType.get(type) ?? [];
    byType.set(type, list);
    const isCapture = capture(options);
    if (list.some((e) => e.listener === listener && e.capture === isCapture)) return;
    list.push({ listener, capture: isCapture, once: typeof options === 'object' && !!options.once });
    signal?.addEventListener('abort', () => forget(this, type, listener, isCapture), { once: true });
  } as typeof proto.addEventListener;
  proto.removeEventListener = function (
    this: MediaStreamTrack,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    if (!listener) return;
    remove.call(this, type, listener, options);
    forget(this, type, listener, capture(options));
  } as typeof proto.removeEventListener;
  proto.dispatchEvent = function (this: MediaStreamTrack, event: Event) {
    const result = dispatch.call(this, event);
    if (event.isTrusted) return result;
    for (const entry of [...(registry.get(this)?.get(event.type) ?? [])]) {
      if (entry.once) forget(this, event.type, entry.listener, entry.capture);
      if (typeof entry.listener === 'function') entry.listener.call(this, event);
      else entry.listener.handleEvent(event);
    }
    return result;
  };
}

if (isFirefox && typeof MediaStreamTrack === 'function') deliverScriptEventsToTrackListeners();
