// The two Cocos templates (cocos/build-templates/web-mobile/index.ejs, cocos/preview-template/index.ejs), rendered
// with their EJS tags filled in as Cocos 3.8 fills them and the kit swapped for stand-ins of its elements: structure,
// configuration (URL parameters, zegoOverlay.configure()) and which clicks reach the game.
//
// ZegoVideoSprite itself is tested in the real engine (cocos-real-engine.test.ts: Cocos Creator 3.8.4 on WebGL2, the
// kit's own elements). The recording stand-in of the `cc` classes that used to test it here is gone: everything it
// checked (one texture, uploads only for new frames, size changes, mirroring, ended streams, finding and waiting for
// the element, teardown) the real engine checks too, with pixels and GL calls instead of a model of them, and it knew
// no quirk of another Cocos version that the real one cannot show. What stays here needs no engine: the templates
// are pages of the Cocos build, which cannot run without an editor project.
import { expect } from '@open-wc/testing';

const cleanups: Array<() => void> = [];

afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function add<T extends HTMLElement>(el: T): T {
  document.body.append(el);
  cleanups.push(() => el.remove());
  return el;
}

// ---- the templates ----

/** The engine's stock web-mobile style.css, as far as layout goes. */
const STOCK_CSS = `
  body { position: absolute; top: 0; left: 0; width: 100%; height: 100%; margin: 0; padding: 0; border: 0;
    display: flex; flex-direction: column; background: #333; }
  body, canvas, div { display: block; }
  #GameDiv, #Cocos3dGameContainer, #GameCanvas { width: 100%; height: 100%; }
  .wrapper#GameDiv { width: 480px; height: 320px; }`;

/** What the build's include does to the page as far as the overlay cares: the engine's frame style on #GameDiv. */
const ENGINE_BOOT = `<script>
  (function () {
    var f = document.getElementById('GameDiv');
    f.style.display = 'flex'; f.style.justifyContent = 'center'; f.style.alignItems = 'center';
    f.style.transform = 'rotate(0deg)';
  })();
</script>`;

/** Stand-ins of the kit's elements: a video box with a `controls` part holding one button. */
const KIT_STANDIN = `<script type="module">
  class Tile extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: 'open' }).innerHTML =
        '<div part="base" style="position:relative;width:100%;height:100%;background:#246">' +
        '<div part="controls" style="position:absolute;left:0;bottom:0"><button style="width:40px;height:20px">x</button></div>' +
        '</div><slot></slot>';
    }
  }
  customElements.define('zego-room', class extends HTMLElement {
    constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<div part="status">idle</div><slot></slot>'; }
  });
  customElements.define('zego-local-video', class extends Tile {});
  customElements.define('zego-remote-videos', class extends Tile {});
</script>`;

const TEMPLATES = ['build-templates/web-mobile/index.ejs', 'preview-template/index.ejs'];

async function templateText(path: string): Promise<string> {
  const res = await fetch(`/cocos/${path}`);
  expect(res.ok, path).to.equal(true);
  return res.text();
}

/** The template with its EJS tags filled as Cocos 3.8 fills them, and the kit bundle swapped for stand-ins. */
function render(text: string): string {
  const includes: Record<string, string> = { cocosTemplate: ENGINE_BOOT, cocosToolBar: '<div id="toolbar"></div>' };
  const vars: Record<string, string> = { projectName: 'Game', title: 'Game', tip_sceneIsEmpty: 'empty' };
  const css = `data:text/css,${encodeURIComponent(STOCK_CSS)}`;
  return text
    .replace(/<%-\s*include\((\w+)[^%]*%>/g, (_, name: string) => includes[name] ?? '')
    .replace(/<%=\s*cssUrl\s*%>/g, css)
    .replace(/<%=\s*(\w+)\s*%>/g, (_, name: string) => vars[name] ?? '')
    .replace('href="./index.css"', `href="${css}"`)
    .replace(/<link rel="icon"[^>]*>/, '')
    .replace('<script type="module" src="./rtc/zego-elements.js"></script>', KIT_STANDIN);
}

async function openTemplate(path: string, query: string): Promise<Window & typeof globalThis> {
  const iframe = add(document.createElement('iframe'));
  iframe.style.cssText = 'width:480px;height:320px;border:0;position:fixed;left:0;top:0';
  iframe.src = `/cocos/test/overlay-host.html${query}`;
  await new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  const win = iframe.contentWindow as Window & typeof globalThis;
  win.postMessage(render(await templateText(path)), location.origin);
  await win.customElements.whenDefined('zego-remote-videos');
  await new Promise((r) => win.requestAnimationFrame(r));
  return win;
}

function centre(el: Element): [number, number] {
  const r = el.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}

for (const path of TEMPLATES) {
  describe(`Cocos template ${path}`, () => {
    it("keeps the engine's include and stock structure, and loads the kit once from ./rtc/", async () => {
      const text = await templateText(path);
      expect(text).to.contain('<%- include(cocosTemplate, {}) %>');
      if (path.startsWith('build-templates')) {
        expect(text).to.contain('<%= cssUrl %>');
        expect(text).to.contain('<%= projectName %>');
      } else {
        expect(text).to.contain('<%- include(cocosToolBar, {config: config}) %>');
      }
      const doc = new DOMParser().parseFromString(text, 'text/html');
      expect(doc.querySelector('#GameDiv > #Cocos3dGameContainer > canvas#GameCanvas')).to.not.equal(null);
      expect(doc.querySelector('#GameDiv > #zego-overlay > zego-room > zego-local-video[publish]')).to.not.equal(null);
      expect(doc.querySelector('#zego-overlay > zego-room > zego-remote-videos')).to.not.equal(null);
      const kit = [...doc.querySelectorAll('script[src]')].filter((s) => s.getAttribute('src')!.includes('zego-elements'));
      expect(kit.map((s) => [s.getAttribute('type'), s.getAttribute('src')])).to.deep.equal([['module', './rtc/zego-elements.js']]);
    });

    it('configures the room from URL parameters, and from zegoOverlay.configure() later', async () => {
      const win = await openTemplate(path, '?room=R1&user=alice&tokenUrl=/token&publish=0');
      const room = win.document.getElementById('zego-room')!;
      expect(room.getAttribute('room-id')).to.equal('R1');
      expect(room.getAttribute('user-id')).to.equal('alice');
      expect(room.getAttribute('token-url')).to.equal('/token');
      expect(room.hasAttribute('app-id')).to.equal(false);
      expect(win.document.getElementById('zego-local-video')!.hasAttribute('publish')).to.equal(false);

      const overlay = (win as unknown as { zegoOverlay: { configure(c: object): void } }).zegoOverlay;
      overlay.configure({ room: 'R2', publish: true, render: 'external' });
      expect(room.getAttribute('room-id')).to.equal('R2');
      expect(room.getAttribute('user-id'), 'an existing user ID stays').to.equal('alice');
      expect(win.document.getElementById('zego-local-video')!.hasAttribute('publish')).to.equal(true);
      expect(win.document.getElementById('zego-remote-videos')!.getAttribute('render')).to.equal('external');
    });

    it("lets input through to #GameCanvas except on the elements' controls, also when the engine rotates #GameDiv", async () => {
      const win = await openTemplate(path, '');
      const doc = win.document;
      const local = doc.getElementById('zego-local-video')!;
      const remote = doc.getElementById('zego-remote-videos')!;
      const button = (el: Element) => el.shadowRoot!.querySelector('button')!;

      // Element names, not elements: a failure message must not try to print DOM objects of another window.
      const hit = (x: number, y: number, root: Document | ShadowRoot = doc) => {
        const el = root.elementFromPoint(x, y);
        return el ? `${el.localName}${el.id ? `#${el.id}` : ''}` : 'nothing';
      };
      const check = (when: string) => {
        // On a video (not its controls), and on the empty overlay: the game gets it.
        const [lx, ly] = centre(local);
        expect(hit(lx, ly), `${when}: local video`).to.equal('canvas#GameCanvas');
        const [rx, ry] = centre(remote);
        expect(hit(rx, ry), `${when}: remote videos`).to.equal('canvas#GameCanvas');
        const game = doc.getElementById('GameDiv')!.getBoundingClientRect();
        expect(hit(game.left + game.width / 2, game.top + game.height / 2), `${when}: middle`).to.equal('canvas#GameCanvas');
        // On a control: the element gets it.
        for (const el of [local, remote]) {
          const [bx, by] = centre(button(el));
          expect(hit(bx, by), `${when}: controls of ${el.id}`).to.equal(`${el.localName}#${el.id}`);
          expect(hit(bx, by, el.shadowRoot!)).to.equal('button');
        }
      };
      check('upright');

      // As the engine does on a phone held against the game's orientation: the frame turns by 90 degrees.
      const game = doc.getElementById('GameDiv')!;
      const { innerWidth: w, innerHeight: h } = win;
      Object.assign(game.style, {
        transform: 'rotate(90deg)',
        transformOrigin: '0px 0px 0px',
        margin: `0 0 0 ${w}px`,
        width: `${h}px`,
        height: `${w}px`,
      });
      const overlay = doc.getElementById('zego-overlay')!.getBoundingClientRect();
      const frame = game.getBoundingClientRect();
      expect([overlay.left, overlay.top, overlay.width, overlay.height]).to.deep.equal([frame.left, frame.top, frame.width, frame.height]);
      // The local tile sits at the game's bottom-right corner, which the rotation puts at the screen's bottom-left.
      const tile = local.getBoundingClientRect();
      expect(tile.left - frame.left).to.be.lessThan(frame.right - tile.right);
      expect(tile.bottom - frame.top).to.be.greaterThan(frame.bottom - tile.top);
      check('rotated');

      // Hidden overlay: nothing of it takes input any more.
      (win as unknown as { zegoOverlay: { configure(c: object): void } }).zegoOverlay.configure({ overlay: 'hidden' });
      const [bx, by] = centre(button(local));
      expect(hit(bx, by)).to.equal('canvas#GameCanvas');
    });
  });
}
