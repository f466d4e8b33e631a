// ZegoVideoSprite's logic (cocos/assets/VideoSpriteDriver.ts) in real Chromium against a recording stand-in of the
// 'cc' classes it touches (cocos/test/cc-standin.ts), fed by elements that keep the kit's frame-source contract
// (the fake camera through a <video> into a canvas, or a canvas the test paints); and the two Cocos templates,
// rendered with their EJS tags filled in, for the overlay's input and configuration.
import { expect } from '@open-wc/testing';
import { VideoSpriteDriver } from '../../cocos/assets/VideoSpriteDriver.js';
import { resetCcLog, Sprite, SpriteFrame, Texture2D, type CcLog } from '../../cocos/test/cc-standin.js';

// ---- elements keeping the frame-source contract ----

/** `<zego-local-video>`'s contract over a canvas the test paints: one `present()` is one frame. */
class PaintedLocalVideo extends HTMLElement {
  readonly canvas = document.createElement('canvas');
  frameCounter = 0;
  mirrored = false;
  get frameWidth(): number {
    return this.canvas.width;
  }
  get frameHeight(): number {
    return this.canvas.height;
  }
  getFrameSource(): HTMLCanvasElement {
    return this.canvas;
  }
  present(width: number, height: number, color: string): void {
    paint(this.canvas, width, height, color);
    this.frameCounter++;
  }
}

/**
 * The contract as the kit keeps it: MediaStream -> muted `<video>` -> canvas on every `requestVideoFrameCallback`,
 * mirrored pixels when `mirrored`; with `render="external"` nothing is drawn and the source is the `<video>`.
 */
class CameraLocalVideo extends HTMLElement {
  readonly video = document.createElement('video');
  readonly canvas = document.createElement('canvas');
  frameCounter = 0;
  frameWidth = 0;
  frameHeight = 0;
  mirrored = false;
  private handle = 0;
  private stream: MediaStream | null = null;

  async open(width: number, height: number): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ video: { width, height }, audio: false });
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.style.cssText = 'position:absolute;width:1px;height:1px;opacity:0';
    this.append(this.video);
    this.video.srcObject = this.stream;
    await this.video.play();
    this.handle = this.video.requestVideoFrameCallback(this.onFrame);
  }

  close(): void {
    this.video.cancelVideoFrameCallback(this.handle);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.video.srcObject = null;
  }

  getFrameSource(): HTMLCanvasElement | HTMLVideoElement {
    return this.getAttribute('render') === 'external' ? this.video : this.canvas;
  }

  private readonly onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
    this.frameWidth = meta.width;
    this.frameHeight = meta.height;
    if (this.getAttribute('render') !== 'external') {
      const c = this.canvas;
      if (c.width !== meta.width || c.height !== meta.height) {
        c.width = meta.width;
        c.height = meta.height;
      }
      const ctx = c.getContext('2d')!;
      ctx.setTransform(this.mirrored ? -1 : 1, 0, 0, 1, this.mirrored ? c.width : 0, 0);
      ctx.drawImage(this.video, 0, 0, c.width, c.height);
    }
    this.frameCounter++;
    this.handle = this.video.requestVideoFrameCallback(this.onFrame);
  };
}

/** `<zego-remote-videos>`'s contract: one painted canvas per stream ID. */
class PaintedRemoteVideos extends HTMLElement {
  private readonly streams = new Map<string, { canvas: HTMLCanvasElement; counter: number }>();
  getFrameSource(streamID: string): HTMLCanvasElement | null {
    return this.streams.get(streamID)?.canvas ?? null;
  }
  getFrameInfo(streamID: string) {
    const s = this.streams.get(streamID);
    return s ? { frameWidth: s.canvas.width, frameHeight: s.canvas.height, frameCounter: s.counter, mirrored: false } : null;
  }
  present(streamID: string, width: number, height: number, color: string): void {
    let s = this.streams.get(streamID);
    if (!s) this.streams.set(streamID, (s = { canvas: document.createElement('canvas'), counter: 0 }));
    paint(s.canvas, width, height, color);
    s.counter++;
  }
  end(streamID: string): void {
    this.streams.delete(streamID);
  }
}

customElements.define('painted-local-video', PaintedLocalVideo);
customElements.define('camera-local-video', CameraLocalVideo);
customElements.define('painted-remote-videos', PaintedRemoteVideos);
// The kit defines zego-room first; the driver waits for it. (This page loads no kit: a bare stand-in will do.)
if (!customElements.get('zego-room')) customElements.define('zego-room', class extends HTMLElement {});

function paint(canvas: HTMLCanvasElement, width: number, height: number, color: string): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, width, height);
}

const RED = [255, 0, 0, 255];
const GREEN = [0, 128, 0, 255];
const BLUE = [0, 0, 255, 255];

// ---- fixture ----

let log: CcLog;
let sprite: Sprite;
let driver: VideoSpriteDriver<Texture2D, SpriteFrame>;
const cleanups: Array<() => void> = [];

beforeEach(() => {
  log = resetCcLog();
  sprite = new Sprite();
  driver = new VideoSpriteDriver<Texture2D, SpriteFrame>({ Texture2D, SpriteFrame }, sprite);
  cleanups.push(() => driver.destroy());
});

afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function add<T extends HTMLElement>(el: T): T {
  document.body.append(el);
  cleanups.push(() => el.remove());
  return el;
}

async function camera(width: number, height: number): Promise<CameraLocalVideo> {
  const el = add(document.createElement('camera-local-video') as CameraLocalVideo);
  cleanups.push(() => el.close());
  await el.open(width, height);
  return el;
}

const nextAnimationFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

/** Ticks once per animation frame (as `lateUpdate` runs) until `frames` new frames went by; returns the ticks. */
async function runGame(el: { frameCounter: number }, frames: number, timeoutMs = 20_000): Promise<number> {
  const start = el.frameCounter;
  const deadline = performance.now() + timeoutMs;
  let ticks = 0;
  while (el.frameCounter - start < frames) {
    if (performance.now() > deadline) throw new Error(`only ${el.frameCounter - start} of ${frames} frames`);
    await nextAnimationFrame();
    driver.tick();
    ticks++;
  }
  return ticks;
}

function texture(): Texture2D {
  expect(log.textures, 'textures created').to.have.length(1);
  return log.textures[0];
}

function frame(): SpriteFrame {
  expect(log.spriteFrames, 'sprite frames created').to.have.length(1);
  return log.spriteFrames[0];
}

// ---- the component's logic ----

describe('ZegoVideoSprite: one texture, uploads only for new frames', () => {
  it('keeps one Texture2D and one SpriteFrame across 100 camera frames, uploading each new frame once', async () => {
    const el = await camera(320, 240);
    await driver.start({ selector: 'camera-local-video' });

    const counters = new Set<number>();
    const start = el.frameCounter;
    const deadline = performance.now() + 20_000;
    let ticks = 0;
    while (el.frameCounter - start < 100) {
      if (performance.now() > deadline) throw new Error('the camera stalled');
      await nextAnimationFrame();
      driver.tick();
      ticks++;
      if (el.frameCounter > 0) counters.add(el.frameCounter);
      if (ticks % 25 === 0) {
        // What reached the "GPU" is the picture the element shows right now (same frame, same pixels).
        const ctx = el.canvas.getContext('2d')!;
        expect(texture().texel(160, 120)).to.deep.equal([...ctx.getImageData(160, 120, 1, 1).data]);
      }
    }

    const t = texture();
    const f = frame();
    expect(t.resets).to.deep.equal([{ width: 320, height: 240 }]);
    expect(t.format).to.equal(Texture2D.PixelFormat.RGBA8888);
    expect(t.mipFilter).to.equal(Texture2D.Filter.NONE);
    expect(t.wrap).to.deep.equal([Texture2D.WrapMode.CLAMP_TO_EDGE, Texture2D.WrapMode.CLAMP_TO_EDGE]);
    expect(f.packable, 'kept out of the dynamic atlas').to.equal(false);
    expect(f.texture).to.equal(t);
    expect(f.rect).to.deep.include({ width: 320, height: 240 });
    expect(sprite.spriteFrame).to.equal(f);
    expect(sprite.assignments, 'the sprite was given its frame once').to.deep.equal([f]);
    // One upload per frame the game saw (a tick can see several camera frames, or none).
    expect(t.uploads).to.have.length(counters.size);
    expect(t.uploads.length).to.be.at.least(50);
    expect(t.uploads.every((u) => u.kind === 'canvas' && u.width === 320 && u.height === 240)).to.equal(true);
    expect(log.violations).to.deep.equal([]);
  });

  it('uploads nothing while the frame counter stands still', async () => {
    const el = add(document.createElement('painted-local-video') as PaintedLocalVideo);
    await driver.start({ selector: 'painted-local-video' });

    driver.tick();
    expect(log.textures, 'no frame yet, no texture').to.have.length(0);

    el.present(64, 48, 'red');
    driver.tick();
    expect(texture().uploads).to.have.length(1);

    for (let i = 0; i < 50; i++) driver.tick();
    expect(texture().uploads, 'counter unchanged: no upload').to.have.length(1);

    el.present(64, 48, 'blue');
    driver.tick();
    driver.tick();
    expect(texture().uploads).to.have.length(2);
    expect(texture().texel(10, 10)).to.deep.equal(BLUE);
    expect(log.violations).to.deep.equal([]);
  });

  it('resets the texture once per size change and never uploads a source larger than the texture', async () => {
    const el = add(document.createElement('painted-local-video') as PaintedLocalVideo);
    await driver.start({ selector: 'painted-local-video' });
    const sizes: Array<[number, number, string, number[]]> = [
      [320, 240, 'red', RED],
      [640, 360, 'green', GREEN],
      [160, 120, 'blue', BLUE],
    ];
    for (const [width, height, color, rgba] of sizes) {
      for (let i = 0; i < 5; i++) {
        el.present(width, height, color);
        driver.tick();
      }
      expect(texture().texel(width - 1, height - 1), `${width}x${height}`).to.deep.equal(rgba);
      expect(frame().rect).to.deep.include({ width, height });
    }

    const t = texture();
    expect(t.resets).to.deep.equal(sizes.map(([width, height]) => ({ width, height })));
    expect(t.uploads).to.have.length(15);
    for (const u of t.uploads) expect([u.width, u.height]).to.deep.equal([u.textureWidth, u.textureHeight]);
    const f = frame();
    // Each change takes the frame off the sprite and puts it back, so the engine re-reads size, UVs and texture.
    expect(sprite.assignments).to.deep.equal([f, null, f, null, f]);
    expect(sprite.spriteFrame).to.equal(f);
    expect(log.violations).to.deep.equal([]);
  });
});

describe('ZegoVideoSprite: mirroring', () => {
  it('mirrors a <video> source (render="external") through flipUVX, uploading through a canvas', async () => {
    const el = await camera(320, 240);
    el.setAttribute('render', 'external');
    el.mirrored = true;
    await driver.start({ selector: 'camera-local-video' });

    await runGame(el, 5);
    const f = frame();
    expect(f.flipUVX).to.equal(true);
    const flips = f.uvUpdates;

    el.mirrored = false;
    await runGame(el, 3);
    expect(f.flipUVX).to.equal(false);
    expect(f.uvUpdates).to.be.greaterThan(flips);

    el.mirrored = true;
    await runGame(el, 3);
    expect(f.flipUVX).to.equal(true);

    const t = texture();
    expect(t.resets, 'mirroring changes no pixels and no size').to.have.length(1);
    // uploadData never gets the <video> itself (the WebGL2 texImage2D pitfall): a canvas of the video's size.
    expect(t.uploads.length).to.be.at.least(11);
    expect(t.uploads.every((u) => u.kind === 'canvas' && u.width === 320 && u.height === 240)).to.equal(true);
    // The staged picture is the video's own, not a blank canvas.
    const [r, g, b] = t.texel(160, 120);
    expect(r + g + b).to.be.greaterThan(0);
    expect(log.violations).to.deep.equal([]);
  });

  it('does not flip a canvas source: its pixels are mirrored already', async () => {
    const el = add(document.createElement('painted-local-video') as PaintedLocalVideo);
    el.mirrored = true;
    await driver.start({ selector: 'painted-local-video' });
    for (let i = 0; i < 3; i++) {
      el.present(64, 48, 'red');
      driver.tick();
    }
    expect(frame().flipUVX).to.equal(false);
  });
});

describe('ZegoVideoSprite: finding the element', () => {
  it('waits until the kit defines <zego-room> before it looks for the element', async () => {
    const readyTag = `late-room-${Math.random().toString(36).slice(2)}`;
    const el = add(document.createElement('painted-local-video') as PaintedLocalVideo);
    el.id = 'waited-for';
    el.present(32, 32, 'red');

    let started = false;
    const starting = driver.start({ selector: '#waited-for', readyTag }).then(() => (started = true));
    await nextAnimationFrame();
    driver.tick();
    expect(started).to.equal(false);
    expect(log.textures, 'nothing looked up before the kit is defined').to.have.length(0);

    customElements.define(readyTag, class extends HTMLElement {});
    await starting;
    driver.tick();
    expect(texture().uploads).to.have.length(1);
  });

  it('finds an element added later and follows a replaced one with the same texture', async () => {
    await driver.start({ selector: '#later' });
    for (let i = 0; i < 3; i++) driver.tick();
    expect(log.textures).to.have.length(0);

    const first = add(document.createElement('painted-local-video') as PaintedLocalVideo);
    first.id = 'later';
    first.present(32, 32, 'red');
    driver.tick();
    expect(texture().texel(0, 0)).to.deep.equal(RED);

    first.remove();
    const second = add(document.createElement('painted-local-video') as PaintedLocalVideo);
    second.id = 'later';
    second.present(32, 32, 'blue');
    driver.tick();
    expect(texture().texel(0, 0)).to.deep.equal(BLUE);
    expect(texture().resets).to.have.length(1);
    expect(log.violations).to.deep.equal([]);
  });

  it('shows one stream of <zego-remote-videos> by ID, nothing while it is absent, and switches streams', async () => {
    const remote = add(document.createElement('painted-remote-videos') as PaintedRemoteVideos);
    await driver.start({ selector: 'painted-remote-videos', streamID: 'bob' });

    remote.present('alice', 64, 48, 'red');
    driver.tick();
    expect(log.textures, "another stream's frames are not ours").to.have.length(0);

    remote.present('bob', 64, 48, 'green');
    driver.tick();
    const f = frame();
    expect(texture().texel(5, 5)).to.deep.equal(GREEN);
    expect(sprite.spriteFrame).to.equal(f);

    remote.end('bob');
    driver.tick();
    expect(sprite.spriteFrame, 'no frozen frame of a stream that ended').to.equal(null);
    expect(texture().uploads).to.have.length(1);

    remote.present('bob', 64, 48, 'blue');
    driver.tick();
    expect(sprite.spriteFrame).to.equal(f);
    expect(texture().texel(5, 5)).to.deep.equal(BLUE);

    driver.setTarget({ selector: 'painted-remote-videos', streamID: 'alice' });
    remote.present('alice', 80, 60, 'red');
    driver.tick();
    expect(texture().texel(79, 59)).to.deep.equal(RED);
    expect(texture().resets).to.deep.equal([
      { width: 64, height: 48 },
      { width: 80, height: 60 },
    ]);
    frame();
    expect(log.violations).to.deep.equal([]);
  });
});

describe('ZegoVideoSprite: teardown', () => {
  it('destroys the texture and sprite frame, clears the sprite, and uploads nothing after', async () => {
    const el = await camera(320, 240);
    await driver.start({ selector: 'camera-local-video' });
    await runGame(el, 5);
    const t = texture();
    const f = frame();
    const uploads = t.uploads.length;

    driver.destroy();
    expect(t.destroyed).to.equal(true);
    expect(f.destroyed).to.equal(true);
    expect(sprite.spriteFrame).to.equal(null);
    expect(log.liveTextures()).to.equal(0);
    expect(log.liveSpriteFrames()).to.equal(0);

    await runGame(el, 5);
    expect(t.uploads).to.have.length(uploads);
    expect(log.textures).to.have.length(1);
    expect(log.violations).to.deep.equal([]);
  });

  it('destroys nothing it never created, also when torn down while waiting for the kit', async () => {
    const readyTag = `never-room-${Math.random().toString(36).slice(2)}`;
    const el = add(document.createElement('painted-local-video') as PaintedLocalVideo);
    const starting = driver.start({ selector: 'painted-local-video', readyTag });
    driver.destroy();
    customElements.define(readyTag, class extends HTMLElement {});
    await starting;
    el.present(32, 32, 'red');
    driver.tick();
    expect(log.textures).to.have.length(0);
    expect(log.spriteFrames).to.have.length(0);
    expect(sprite.assignments).to.deep.equal([]);
    expect(log.violations).to.deep.equal([]);
  });
});

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
