// ZegoVideoSprite (cocos/assets/) in the real Cocos Creator engine, 3.8.4 for the web (test/fixtures/cocos-engine/,
// MIT), on WebGL2 (SwiftShader in headless Chromium, llvmpipe in Firefox), fed by the kit's own elements: the local
// camera (the fake device) and remote streams that other engines in this page publish from canvases the test paints
// in two colours. What is checked is what a game shows and what the GPU is asked to do: pixels read back from the game
// canvas after the engine draws, every texture upload and texture allocation that reaches WebGL, and every GL error.
// Each scenario logs its figures in one `[cocos-real-engine]` line.
//
// The engine finds #GameCanvas when its module is evaluated, so it is imported (as `cc`, the way a Creator project
// imports it) only after the page has one; the test server maps `cc` to the fixture. The kit loads after the engine,
// as in a Cocos build, when the second test asks for it.
/// <reference types="@cocos/creator-types/engine" />
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type * as CC from 'cc';
import { ZegoLocalEngine } from '../../src/index.js';
import type { ZegoRoomElement } from '../../src/elements/zego-room.js';
import type { ZegoLocalVideoElement } from '../../src/elements/zego-local-video.js';
import type { ZegoRemoteVideosElement } from '../../src/elements/zego-remote-videos.js';
import { VideoRenderer } from '../../src/render/video-renderer.js';
import { isChromium } from './browser.js';
import { nextEvent, uniqueRoom, waitFor } from './helpers.js';

// ---- WebGL instrumentation (installed before the engine makes its context) ----

interface Upload {
  fn: string;
  /** The element uploaded, and its class name. */
  element: HTMLCanvasElement | HTMLVideoElement;
  source: string;
  width: number;
  height: number;
  ms: number;
  error: number;
}

/** Called with every element uploaded, in the task that uploads it (see `readUploadedFrame`). */
let onUpload: ((source: HTMLCanvasElement | HTMLVideoElement) => void) | null = null;

/** Everything the page's WebGL2 contexts were asked to do that matters here (the engine's is the only one). */
const gpu = {
  uploads: [] as Upload[],
  created: 0,
  deleted: 0,
  /** GL errors found after the engine drew a frame (the uploads' own are in `uploads`). */
  frameErrors: [] as number[],
  /** Time spent in this instrumentation after uploads (`getError()` is a round trip to the GPU process). */
  overheadMs: 0,
};

function instrumentWebGL(): void {
  const proto = WebGL2RenderingContext.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const fn of ['texImage2D', 'texSubImage2D']) {
    const original = proto[fn];
    proto[fn] = function (this: WebGL2RenderingContext, ...args: unknown[]) {
      const source = args.find((a) => a instanceof HTMLCanvasElement || a instanceof HTMLVideoElement || a instanceof ImageBitmap);
      if (!source) return original.apply(this, args);
      const start = performance.now();
      const result = original.apply(this, args);
      const end = performance.now();
      const error = this.getError();
      const el = source as HTMLCanvasElement | HTMLVideoElement;
      onUpload?.(el);
      gpu.overheadMs += performance.now() - end;
      const video = el instanceof HTMLVideoElement;
      gpu.uploads.push({
        fn,
        element: el,
        source: el.constructor.name,
        width: video ? el.videoWidth : el.width,
        height: video ? el.videoHeight : el.height,
        ms: end - start,
        error,
      });
      return result;
    };
  }
  const create = proto.createTexture;
  proto.createTexture = function (this: WebGL2RenderingContext, ...args: unknown[]) {
    gpu.created++;
    return create.apply(this, args);
  };
  const remove = proto.deleteTexture;
  proto.deleteTexture = function (this: WebGL2RenderingContext, ...args: unknown[]) {
    if (args[0]) gpu.deleted++;
    return remove.apply(this, args);
  };
}

// ---- the game: a 320x240 design, a Canvas, a camera clearing to BACKGROUND, sprites of 160x120 in its middle ----

const DESIGN = { width: 320, height: 240 };
const SPRITE = { width: 160, height: 120 };
const BACKGROUND = [0, 0, 64];

/**
 * ZegoVideoSprite as a game script sees it. The class is loaded by URL: a static import would have this project's
 * tsconfig check it under rules that are not Creator's (`npm run test:cocos` checks it against the real typings).
 */
interface ZegoVideoSprite extends CC.Component {
  targetSelector: string;
  streamID: string;
  readonly texture: CC.Texture2D | null;
}
const COMPONENT_URL = new URL('../../cocos/assets/ZegoVideoSprite.ts', import.meta.url).href;

let cc: typeof CC;
let VideoSprite: new () => ZegoVideoSprite;
let gl: WebGL2RenderingContext;
let canvasNode: CC.Node;

/** Errors and warnings logged from the engine's boot on (the engine reports through the console). */
const logged: string[] = [];

function recordConsole(): void {
  for (const level of ['error', 'warn'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      logged.push(`${level}: ${args.map(String).join(' ')}`);
      original.apply(console, args);
    };
  }
}

/** Callbacks run after every engine update (after `lateUpdate`, where the component uploads) and after every draw. */
const afterUpdate = new Set<() => void>();
const afterDraw = new Set<() => void>();

interface EffectJSON {
  name: string;
}

/** What the editor's "internal" bundle provides, as far as sprites go: two effects and the materials made of them. */
function registerBuiltins(effects: EffectJSON[]): void {
  for (const json of effects) {
    const effect = Object.assign(new cc.EffectAsset(), json);
    effect.hideInEditor = true;
    effect.onLoaded();
  }
  const materials: CC.Material[] = [];
  const add = (uuid: string, effectName: string, defines: Record<string, boolean> = {}) => {
    const material = new cc.Material();
    (material as unknown as { _uuid: string })._uuid = uuid;
    material.initialize({ effectName, defines });
    cc.builtinResMgr.addAsset(uuid, material);
    materials.push(material);
  };
  add('default-clear-stencil', 'builtin-clear-stencil', { USE_TEXTURE: false });
  add('ui-base-material', 'builtin-sprite', { USE_TEXTURE: false });
  add('ui-sprite-material', 'builtin-sprite', { USE_TEXTURE: true, CC_USE_EMBEDDED_ALPHA: false, IS_GRAY: false });
  cc.game.once(cc.Game.EVENT_GAME_INITED, () => {
    for (const m of materials) for (const pass of m.passes) pass.tryCompile();
  });
}

async function bootEngine(): Promise<void> {
  // Headless Firefox has WebGL only on Mesa's llvmpipe through EGL: MOZ_WEBGL_FORCE_EGL=1 and webgl.force-enabled.
  if (!document.createElement('canvas').getContext('webgl2'))
    throw new Error('no WebGL2 in this browser (Firefox: MOZ_WEBGL_FORCE_EGL=1 and the pref webgl.force-enabled)');
  // The stock web-mobile page structure, in a corner of the test page.
  document.body.insertAdjacentHTML(
    'beforeend',
    `<div id="GameDiv" style="position:fixed;left:0;top:0;width:${DESIGN.width}px;height:${DESIGN.height}px">` +
      `<div id="Cocos3dGameContainer" style="width:100%;height:100%">` +
      `<canvas id="GameCanvas" width="${DESIGN.width}" height="${DESIGN.height}"></canvas></div></div>`,
  );
  instrumentWebGL();
  recordConsole();
  cc = await import('cc');
  ({ ZegoVideoSprite: VideoSprite } = (await import(COMPONENT_URL)) as { ZegoVideoSprite: new () => ZegoVideoSprite });
  const effects = (await (await fetch(new URL('../fixtures/cocos-engine/builtin-effects.json', import.meta.url))).json()) as EffectJSON[];
  cc.game.once(cc.Game.EVENT_POST_SUBSYSTEM_INIT, () => registerBuiltins(effects));
  await cc.game.init({
    debugMode: cc.DebugMode.WARN,
    overrideSettings: {
      rendering: { customPipeline: false },
      screen: { designResolution: { ...DESIGN, policy: cc.ResolutionPolicy.SHOW_ALL }, exactFitScreen: true },
    },
  } as Parameters<typeof cc.game.init>[0]);
  await new Promise<void>((resolve) => cc.game.run(() => resolve()));
  gl = (cc.director.root!.device as unknown as { gl: WebGL2RenderingContext }).gl;

  const scene = new cc.Scene('video-sprites');
  cc.director.runSceneImmediate(scene);
  canvasNode = new cc.Node('Canvas');
  canvasNode.layer = cc.Layers.Enum.UI_2D;
  canvasNode.addComponent(cc.UITransform);
  const canvas = canvasNode.addComponent(cc.Canvas);
  scene.addChild(canvasNode);
  const cameraNode = new cc.Node('Camera');
  cameraNode.layer = cc.Layers.Enum.UI_2D;
  cameraNode.setPosition(0, 0, 1000);
  const camera = cameraNode.addComponent(cc.Camera);
  camera.projection = cc.Camera.ProjectionType.ORTHO;
  camera.visibility = cc.Layers.Enum.UI_2D;
  camera.clearFlags = cc.Camera.ClearFlag.SOLID_COLOR;
  camera.clearColor = new cc.Color(BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 255);
  canvasNode.addChild(cameraNode);
  canvas.cameraComponent = camera;

  cc.director.on(cc.Director.EVENT_AFTER_UPDATE, () => afterUpdate.forEach((f) => f()));
  cc.director.on(cc.Director.EVENT_AFTER_DRAW, () => {
    for (let e = gl.getError(); e !== gl.NO_ERROR; e = gl.getError()) gpu.frameErrors.push(e);
    afterDraw.forEach((f) => f());
  });
}

const nextDraw = () =>
  new Promise<void>((resolve) => {
    const once = () => {
      afterDraw.delete(once);
      resolve();
    };
    afterDraw.add(once);
  });

async function engineFrames(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await nextDraw();
}

// ---- pixels: the default framebuffer, read right after the engine drew it ----

type RGB = [number, number, number];

/** An RGBA picture with its rows bottom-up, as `readPixels` gives them; positions are from the top-left. */
class Picture {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly data: Uint8Array,
  ) {}

  /** Mean colour of a box (top-left origin). */
  mean(x: number, y: number, w: number, h: number): RGB {
    const sum = [0, 0, 0];
    const [x0, x1, y0, y1] = [x, x + w, y, y + h].map(Math.round);
    for (let j = y0; j < y1; j++)
      for (let i = x0; i < x1; i++) {
        const o = ((this.height - 1 - j) * this.width + i) * 4;
        sum[0] += this.data[o];
        sum[1] += this.data[o + 1];
        sum[2] += this.data[o + 2];
      }
    const n = (x1 - x0) * (y1 - y0);
    return sum.map((s) => Math.round(s / n)) as RGB;
  }

  /** Where the 160x120 sprite in the middle of the design is on this canvas (SHOW_ALL: scaled, centred). */
  spriteRect(): { x: number; y: number; w: number; h: number } {
    const scale = Math.min(this.width / DESIGN.width, this.height / DESIGN.height);
    const w = SPRITE.width * scale;
    const h = SPRITE.height * scale;
    return { x: (this.width - w) / 2, y: (this.height - h) / 2, w, h };
  }

  /** Mean colour around a point of the sprite, in fractions of its size from its top-left corner. */
  sprite(fx: number, fy: number): RGB {
    const r = this.spriteRect();
    const box = Math.max(2, Math.round(r.w / 20));
    return this.mean(r.x + fx * r.w - box / 2, r.y + fy * r.h - box / 2, box, box);
  }

  /** Mean colours of a cols x rows grid over the sprite. */
  spriteGrid(cols: number, rows: number): RGB[] {
    const r = this.spriteRect();
    const cells: RGB[] = [];
    for (let j = 0; j < rows; j++)
      for (let i = 0; i < cols; i++) cells.push(this.mean(r.x + (i * r.w) / cols, r.y + (j * r.h) / rows, r.w / cols, r.h / rows));
    return cells;
  }

  /** Outside the sprite, in the top-left corner. */
  background(): RGB {
    return this.mean(4, 4, 8, 8);
  }
}

/** What the engine just drew (call it right after a draw: the canvas is not preserved past the task). */
function grab(): Picture {
  const { drawingBufferWidth: w, drawingBufferHeight: h } = gl;
  const data = new Uint8Array(w * h * 4);
  const bound = gl.getParameter(gl.READ_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
  gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
  gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, data);
  gl.bindFramebuffer(gl.READ_FRAMEBUFFER, bound);
  return new Picture(w, h, data);
}

/** The next frame the engine draws, as pixels. */
function readFrame(): Promise<Picture> {
  return new Promise((resolve) => {
    const read = () => {
      afterDraw.delete(read);
      resolve(grab());
    };
    afterDraw.add(read);
  });
}

/** A copy at the sprite's size (a video or a canvas changes with the next frame; the copy does not). */
function copyOf(source: HTMLCanvasElement | HTMLVideoElement): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = SPRITE.width;
  canvas.height = SPRITE.height;
  canvas.getContext('2d')!.drawImage(source, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/**
 * The next frame the engine draws after it uploaded a video frame, and a copy of that frame taken as it was
 * uploaded: what the sprite must show, however fast the source moves on.
 */
function readUploadedFrame(): Promise<{ picture: Picture; uploaded: HTMLCanvasElement }> {
  return new Promise((resolve) => {
    let uploaded: HTMLCanvasElement | null = null;
    onUpload = (source) => (uploaded = copyOf(source));
    const check = () => {
      if (!uploaded) return;
      afterDraw.delete(check);
      onUpload = null;
      resolve({ picture: grab(), uploaded });
    };
    afterDraw.add(check);
  });
}

/** Mean colours of a cols x rows grid over a source drawn as the sprite shows it: on BACKGROUND, optionally flipped. */
function sourceGrid(source: HTMLCanvasElement | HTMLVideoElement, cols: number, rows: number, flip: boolean): RGB[] {
  const canvas = document.createElement('canvas');
  canvas.width = SPRITE.width;
  canvas.height = SPRITE.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = `rgb(${BACKGROUND.join(',')})`;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (flip) ctx.setTransform(-1, 0, 0, 1, canvas.width, 0);
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const top = new Uint8Array(data.length);
  // Picture wants rows bottom-up, as readPixels gives them.
  const row = canvas.width * 4;
  for (let y = 0; y < canvas.height; y++) top.set(data.subarray(y * row, (y + 1) * row), (canvas.height - 1 - y) * row);
  const picture = new Picture(canvas.width, canvas.height, top);
  const cells: RGB[] = [];
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < cols; i++)
      cells.push(picture.mean((i * canvas.width) / cols, (j * canvas.height) / rows, canvas.width / cols, canvas.height / rows));
  return cells;
}

/** Mean over cells of the largest channel difference. */
function gridDistance(a: RGB[], b: RGB[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.max(...a[i].map((v, c) => Math.abs(v - b[i][c])));
  return sum / a.length;
}

/** The largest channel difference of any cell. */
function gridMax(a: RGB[], b: RGB[]): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, ...a[i].map((v, c) => Math.abs(v - b[i][c])));
  return max;
}

function near(actual: RGB, expected: number[], tolerance = 48): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);
}

/**
 * How far the sprite is from the uploaded picture shown as it should be (`flip`ped or not) and shown the other way,
 * and how much a flip changes that picture at all (largest cell difference, 0-255).
 */
function mirrorCheck({ picture, uploaded }: { picture: Picture; uploaded: HTMLCanvasElement }, flip: boolean) {
  const grid = picture.spriteGrid(8, 6);
  return {
    right: gridMax(grid, sourceGrid(uploaded, 8, 6, flip)),
    wrong: gridMax(grid, sourceGrid(uploaded, 8, 6, !flip)),
    asymmetry: gridMax(sourceGrid(uploaded, 8, 6, true), sourceGrid(uploaded, 8, 6, false)),
  };
}

function expectMirrored(samples: Array<ReturnType<typeof mirrorCheck>>): void {
  const text = JSON.stringify(samples);
  expect(
    samples.every((s) => s.right < 4),
    text,
  ).to.equal(true);
  // Where a flip shows in the picture, the sprite is the other way round from the wrong one.
  expect(
    samples.every((s) => s.asymmetry < 8 || s.wrong > s.asymmetry / 2),
    text,
  ).to.equal(true);
  // Chromium's fake camera has a clock at the top right, so every picture tells; Firefox's is nearly one colour.
  if (isChromium)
    expect(
      samples.every((s) => s.asymmetry >= 8),
      text,
    ).to.equal(true);
}

// ---- the component on a Sprite, as a game adds it ----

interface SpriteUnderTest {
  node: CC.Node;
  sprite: CC.Sprite;
  component: ZegoVideoSprite;
}

const cleanups: Array<() => void> = [];

function addVideoSprite(targetSelector: string, streamID = ''): SpriteUnderTest {
  const node = new cc.Node('video');
  node.layer = cc.Layers.Enum.UI_2D;
  node.addComponent(cc.UITransform).setContentSize(SPRITE.width, SPRITE.height);
  const sprite = node.addComponent(cc.Sprite);
  sprite.type = cc.Sprite.Type.SIMPLE;
  sprite.sizeMode = cc.Sprite.SizeMode.CUSTOM;
  const component = node.addComponent(VideoSprite);
  component.targetSelector = targetSelector;
  component.streamID = streamID;
  canvasNode.addChild(node);
  cleanups.push(() => {
    if (node.isValid) node.destroy();
  });
  return { node, sprite, component };
}

/**
 * Watches one sprite for a while, after every engine update: each upload that reached WebGL, whether the element had
 * a new frame since the last update, the texture and sprite frame in use.
 */
function watch(under: SpriteUnderTest, counter: () => number) {
  const w = {
    ticks: 0,
    newFrameTicks: 0,
    uploadTicks: 0,
    /** Updates that uploaded a frame already uploaded, or uploaded more than once. */
    needless: 0,
    /** Updates where the element had a new frame and nothing was uploaded, once the component showed one. */
    missed: 0,
    textures: new Set<CC.Texture2D | null>(),
    spriteFrames: new Set<CC.SpriteFrame | null>(),
    uploads: [] as Upload[],
    /** The component's `lateUpdate` when it uploaded (staging included), without this file's instrumentation. */
    updateMs: [] as number[],
    createdTextures: 0,
    deletedTextures: 0,
    glErrors: 0,
    sourceFrames: 0,
    seconds: 0,
    stop() {},
  };
  const uploadsAtStart = gpu.uploads.length;
  const createdAtStart = gpu.created;
  const deletedAtStart = gpu.deleted;
  const errorsAtStart = gpu.frameErrors.length;
  const start = performance.now();
  let lastCounter = counter();
  let uploadedCounter = -1;
  let seenUploads = gpu.uploads.length;
  const onUpdate = () => {
    const c = counter();
    const uploaded = gpu.uploads.length - seenUploads;
    seenUploads = gpu.uploads.length;
    const fresh = c !== lastCounter && c > 0;
    // A stream that comes back counts from 0 again.
    w.sourceFrames += c >= lastCounter ? c - lastCounter : c;
    if (c === 0) uploadedCounter = -1;
    lastCounter = c;
    w.ticks++;
    if (fresh) w.newFrameTicks++;
    if (uploaded) w.uploadTicks++;
    if (uploaded > 1 || (uploaded && c === uploadedCounter)) w.needless++;
    if (uploaded) uploadedCounter = c;
    // (frames before the component's first upload are the start, not a miss: it begins looking after `start()`)
    if (fresh && !uploaded && under.component.texture) w.missed++;
    w.textures.add(under.component.texture);
    w.spriteFrames.add(under.sprite.spriteFrame);
  };
  afterUpdate.add(onUpdate);
  // The engine calls `c.lateUpdate(dt)` on the instance: an own property wraps it for this watch only.
  const component = under.component as unknown as { lateUpdate(dt: number): void };
  const lateUpdate = component.lateUpdate;
  component.lateUpdate = function (dt: number) {
    const uploads = gpu.uploads.length;
    const overhead = gpu.overheadMs;
    const t = performance.now();
    lateUpdate.call(this, dt);
    if (gpu.uploads.length > uploads) w.updateMs.push(performance.now() - t - (gpu.overheadMs - overhead));
  };
  w.stop = () => {
    afterUpdate.delete(onUpdate);
    delete (component as Partial<typeof component>).lateUpdate;
    w.uploads = gpu.uploads.slice(uploadsAtStart);
    w.createdTextures = gpu.created - createdAtStart;
    w.deletedTextures = gpu.deleted - deletedAtStart;
    w.glErrors = gpu.frameErrors.length - errorsAtStart + w.uploads.filter((u) => u.error).length;
    w.seconds = (performance.now() - start) / 1000;
  };
  return w;
}

type Watch = ReturnType<typeof watch>;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

/** One line of figures for the log (the lead's report reads them from the test output). */
function report(name: string, w: Watch): void {
  const ms = w.uploads.map((u) => u.ms);
  const ms2 = (values: number[]) => `${percentile(values, 0.5).toFixed(2)}/${percentile(values, 0.95).toFixed(2)} ms`;
  const sizes = [...new Set(w.uploads.map((u) => `${u.fn}(${u.source} ${u.width}x${u.height})`))].join(', ');
  console.log(
    `[cocos-real-engine] ${name}: ${w.ticks} engine frames in ${w.seconds.toFixed(1)} s (${(w.ticks / w.seconds).toFixed(1)} fps); ` +
      `source ${(w.sourceFrames / w.seconds).toFixed(1)} fps; ${w.uploads.length} uploads (${(w.uploads.length / w.seconds).toFixed(1)}/s), ` +
      `${w.needless} needless, ${w.missed} missed; median/p95 per upload: WebGL call ${ms2(ms)}, lateUpdate ${ms2(w.updateMs)}; ` +
      `GL textures +${w.createdTextures}/-${w.deletedTextures}; Texture2D ${w.textures.size}; GL errors ${w.glErrors}; ${sizes}`,
  );
}

/** The figures every run must show: uploads exactly when a frame arrived, nothing allocated, no GL error. */
function expectClean(w: Watch, uploadsFrom: string): void {
  expect(w.glErrors, 'GL errors').to.equal(0);
  expect(w.needless, 'uploads without a new frame').to.equal(0);
  expect(w.missed, 'new frames not uploaded').to.equal(0);
  expect(w.uploads.length, 'uploads').to.equal(w.uploadTicks);
  expect([...new Set(w.uploads.map((u) => `${u.fn}(${u.source})`))], 'what reaches WebGL').to.deep.equal([`texSubImage2D(${uploadsFrom})`]);
}

// ---- the kit's elements ----

/** The kit, as the Cocos template loads it: separately from the game, and here only once the first test wants it. */
const loadKit = () => import('../../src/define.js');

const live = (el: ZegoLocalVideoElement) =>
  waitFor(() => el.state === 'live' && el.frameCounter > 2, 15000, `live preview (state ${el.state})`);

/** A `<zego-room>` in the overlay's place (beside the game, on screen: the kit draws only visible tiles). */
function room(roomID: string, content: TemplateResult): Promise<ZegoRoomElement> {
  return fixture<ZegoRoomElement>(html`<zego-room
    server=""
    room-id=${roomID}
    user-id="player"
    style="position:fixed;left:340px;top:0;width:320px;display:block"
    >${content}</zego-room
  >`);
}

/** The player's own camera (the fake device at 320x240, mirrored as a preview is). */
async function localVideo(attrs: { render?: string; id?: string } = {}): Promise<ZegoLocalVideoElement> {
  await loadKit();
  const r = await room(
    uniqueRoom('cc'),
    html`<zego-local-video id=${attrs.id ?? 'camera'} quality="1" render=${attrs.render ?? 'auto'}></zego-local-video>`,
  );
  const el = r.querySelector('zego-local-video')!;
  await live(el);
  return el;
}

/** A canvas in two colours (left, right), repainted 30 times a second, as a MediaStream. */
function twoColours(left: string, right: string) {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const ctx = canvas.getContext('2d')!;
  const colours = { left, right };
  const paint = () => {
    ctx.fillStyle = colours.left;
    ctx.fillRect(0, 0, canvas.width / 2, canvas.height);
    ctx.fillStyle = colours.right;
    ctx.fillRect(canvas.width / 2, 0, canvas.width / 2, canvas.height);
  };
  paint();
  const timer = setInterval(paint, 33);
  const stream = canvas.captureStream(30);
  cleanups.push(() => {
    clearInterval(timer);
    stream.getTracks().forEach((t) => t.stop());
  });
  return {
    stream,
    set(l: string, r: string) {
      colours.left = l;
      colours.right = r;
      paint();
    },
    resize(w: number, h: number) {
      canvas.width = w;
      canvas.height = h;
      paint();
    },
  };
}

/** Another player, in this page with an engine of its own, publishing a two-colour canvas as `<userID>-main`. */
async function opponent(roomID: string, userID: string, left: string, right: string) {
  const streamID = `${userID}-main`;
  const source = twoColours(left, right);
  const engine = new ZegoLocalEngine(1, '');
  cleanups.push(() => engine.destroyEngine());
  await engine.loginRoom(roomID, 'local', { userID });
  const local = await engine.createZegoStream({ custom: { video: { source: source.stream, optimizationMode: 'detail' } } } as never);
  const publish = async () => {
    const publishing = nextEvent(engine, 'publisherStateUpdate', (r) => r.streamID === streamID && r.state === 'PUBLISHING');
    engine.startPublishingStream(streamID, local);
    await publishing;
  };
  await publish();
  return { streamID, source, publish, unpublish: () => engine.stopPublishingStream(streamID) };
}

/** This player's `<zego-remote-videos>` in `roomID`, once it plays `streamIDs`. */
async function remoteVideos(roomID: string, render: string, streamIDs: string[]): Promise<ZegoRemoteVideosElement> {
  await loadKit();
  const r = await room(roomID, html`<zego-remote-videos render=${render}></zego-remote-videos>`);
  const el = r.querySelector('zego-remote-videos')!;
  await waitFor(() => streamIDs.every((id) => (el.getFrameInfo(id)?.frameCounter ?? 0) > 2), 15000, 'remote frames');
  return el;
}

// ---- the tests ----

const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
const YELLOW = [255, 255, 0];
const GREEN = [0, 255, 0];
const CYAN = [0, 255, 255];
const MAGENTA = [255, 0, 255];

/** Engine frames until `cond` holds (at most `max`). */
async function framesUntil(cond: () => boolean, max: number, what: string): Promise<number> {
  for (let i = 0; i < max; i++) {
    if (cond()) return i;
    await nextDraw();
  }
  throw new Error(`${what}: not within ${max} engine frames`);
}

/** Engine frames until the sprite's left and right show the given colours. */
async function untilColours(left: number[], right: number[], max = 180): Promise<Picture> {
  let last: Picture | null = null;
  for (let i = 0; i < max; i++) {
    last = await readFrame();
    if (near(last.sprite(0.25, 0.5), left) && near(last.sprite(0.75, 0.5), right)) return last;
  }
  throw new Error(`sprite shows ${last?.sprite(0.25, 0.5)} | ${last?.sprite(0.75, 0.5)}, not ${left} | ${right}`);
}

/** The path the kit draws canvases on here (`auto`): a worker where the browser can, else the main thread. */
const canvasPath = () => (VideoRenderer.workerSupported ? 'worker' : 'rvfc');

before(async function () {
  this.timeout(30000);
  await bootEngine();
});

afterEach(async () => {
  while (cleanups.length) cleanups.pop()!();
  fixtureCleanup();
  await engineFrames(2);
  expect(logged.splice(0), 'console errors and warnings').to.deep.equal([]);
});

describe('ZegoVideoSprite in the real Cocos engine', function () {
  this.timeout(60000);

  it('boots Cocos Creator 3.8.4 on WebGL2 and draws nothing but the background without a sprite', async () => {
    expect(cc.VERSION).to.equal('3.8.4');
    expect(cc.director.root!.device.gfxAPI).to.equal(cc.gfx.API.WEBGL2);
    const picture = await readFrame();
    expect(picture.background()).to.deep.equal(BACKGROUND);
    expect(picture.sprite(0.5, 0.5)).to.deep.equal(BACKGROUND);
    expect(gpu.frameErrors).to.deep.equal([]);
  });

  it('waits for the kit, which loads after the game; a sprite destroyed meanwhile never makes a texture', async () => {
    // The template's markup is in the page from the start; the kit's bundle defines the elements later.
    expect(customElements.get('zego-room'), 'this test runs before any other loads the kit').to.equal(undefined);
    const created = gpu.created;
    const waiting = addVideoSprite('zego-local-video');
    const destroyed = addVideoSprite('zego-local-video');
    await room(uniqueRoom('cc'), html`<zego-local-video quality="1"></zego-local-video>`);
    await engineFrames(30);
    expect(waiting.component.texture).to.equal(null);
    expect(waiting.sprite.spriteFrame).to.equal(null);
    destroyed.node.destroy();

    await loadKit();
    const el = document.querySelector('zego-local-video')!;
    await live(el);
    await framesUntil(() => waiting.component.texture !== null, 120, 'first upload');
    await engineFrames(30);
    expect(destroyed.component.texture).to.equal(null);
    expect(destroyed.sprite.spriteFrame).to.equal(null);
    expect(gpu.created - created, 'GL textures: the waiting sprite made one').to.equal(1);
  });

  it("local camera, canvas source: 1,000 engine frames on one texture, uploads only for new frames, the element's picture", async () => {
    const el = await localVideo();
    const texturesBefore = gpu.created - gpu.deleted;
    const under = addVideoSprite('zego-local-video');
    await framesUntil(() => under.component.texture !== null, 120, 'first upload');
    const texture = under.component.texture!;
    const frame = under.sprite.spriteFrame!;
    expect(frame, 'the sprite shows the frame').to.not.equal(null);
    expect(el.getFrameSource()).to.be.instanceOf(HTMLCanvasElement);
    expect(texture.getPixelFormat()).to.equal(cc.Texture2D.PixelFormat.RGBA8888);
    const sampler = texture.getSamplerInfo();
    expect([sampler.mipFilter, sampler.addressU, sampler.addressV]).to.deep.equal([
      cc.gfx.Filter.NONE,
      cc.gfx.Address.CLAMP,
      cc.gfx.Address.CLAMP,
    ]);
    expect(frame.packable, 'kept out of the dynamic atlas').to.equal(false);
    expect(frame.texture).to.equal(texture);

    const w = watch(under, () => el.frameCounter);
    const distances: number[] = [];
    const pictures: RGB[][] = [];
    while (w.ticks < 1000) {
      if (w.ticks < pictures.length * 200) {
        await nextDraw();
        continue;
      }
      const { picture, uploaded } = await readUploadedFrame();
      const grid = picture.spriteGrid(8, 6);
      distances.push(gridDistance(grid, sourceGrid(uploaded, 8, 6, false)));
      pictures.push(grid);
    }
    w.stop();
    report(`local camera, canvas (${canvasPath()}) source`, w);

    expectClean(w, 'HTMLCanvasElement');
    expect(w.ticks).to.be.at.least(1000);
    expect([...w.textures]).to.deep.equal([texture]);
    expect([...w.spriteFrames]).to.deep.equal([frame]);
    expect(w.createdTextures, 'GL textures created over 1,000 frames').to.equal(0);
    expect(w.uploads.length / w.seconds, 'uploads per second').to.be.greaterThan(10);
    expect(w.uploads.every((u) => u.width === texture.width && u.height === texture.height)).to.equal(true);
    // What the game shows is what the element shows: its own canvas (the fake camera, mirrored by the element) went up
    // as it was, and the sprite draws it without a second flip.
    expect(w.uploads.every((u) => u.element === el.getFrameSource())).to.equal(true);
    expect(el.mirrored).to.equal(true);
    expect(frame.flipUVX).to.equal(false);
    expect(Math.max(...distances), `sprite vs upload: ${distances.map((d) => d.toFixed(1))}`).to.be.lessThan(3);
    // Chromium's fake camera moves a small box over a still gradient: the largest cell change, not the mean
    const moved = pictures.slice(1).map((p) => gridMax(pictures[0], p));
    expect(Math.max(...moved), `the picture moves: ${moved}`).to.be.greaterThan(8);

    // The element's canvas changes size with its box: the one texture follows once, and the sprite still shows it.
    const { width, height } = texture;
    el.style.cssText = 'display:block;width:200px';
    await framesUntil(() => texture.width !== width, 120, 'texture resized');
    expect(under.component.texture).to.equal(texture);
    expect(under.sprite.spriteFrame).to.equal(frame);
    const canvas = el.getFrameSource() as HTMLCanvasElement;
    expect([texture.width, texture.height]).to.deep.equal([canvas.width, canvas.height]);
    expect(texture.height).to.not.equal(height);
    const after = await readUploadedFrame();
    expect(gridDistance(after.picture.spriteGrid(8, 6), sourceGrid(after.uploaded, 8, 6, false))).to.be.lessThan(3);

    // Destroyed with its node: the texture and sprite frame go, the GPU holds what it held before, nothing uploads.
    under.node.destroy();
    await engineFrames(2);
    expect(texture.isValid).to.equal(false);
    expect(texture.getGFXTexture(), 'the GFX texture is released').to.equal(null);
    expect(frame.isValid).to.equal(false);
    expect(gpu.created - gpu.deleted).to.equal(texturesBefore);
    const uploads = gpu.uploads.length;
    const counter = el.frameCounter;
    await framesUntil(() => el.frameCounter > counter + 3, 120, 'camera frames');
    expect(gpu.uploads.length, 'uploads after destroy').to.equal(uploads);
    expect((await readFrame()).sprite(0.5, 0.5)).to.deep.equal(BACKGROUND);
    expect(gpu.frameErrors).to.deep.equal([]);
  });

  it('local camera, <video> source (render="external"): staged through a canvas, mirrored with flipUVX as the element is', async () => {
    const el = await localVideo({ render: 'external' });
    const under = addVideoSprite('zego-local-video');
    const video = el.getFrameSource() as HTMLVideoElement;
    expect(video).to.be.instanceOf(HTMLVideoElement);
    await framesUntil(() => under.component.texture !== null, 120, 'first upload');
    const texture = under.component.texture!;
    expect([texture.width, texture.height]).to.deep.equal([320, 240]);

    const w = watch(under, () => el.frameCounter);
    const samples: Array<ReturnType<typeof mirrorCheck>> = [];
    while (w.ticks < 240) {
      if (w.ticks < samples.length * 40) {
        await nextDraw();
        continue;
      }
      // The upload is the staging canvas, a plain copy of the video: the sprite shows it flipped.
      samples.push(mirrorCheck(await readUploadedFrame(), true));
    }
    w.stop();
    report('local camera, <video> source (staged)', w);
    expectClean(w, 'HTMLCanvasElement');
    expect(w.createdTextures).to.equal(0);
    expect([...w.textures]).to.deep.equal([texture]);
    expect(under.sprite.spriteFrame!.flipUVX).to.equal(true);
    expectMirrored(samples);

    el.setAttribute('mirror', 'false');
    await framesUntil(() => !under.sprite.spriteFrame!.flipUVX, 120, 'flip off');
    expectMirrored([mirrorCheck(await readUploadedFrame(), false)]);
    expect(under.component.texture).to.equal(texture);
    expect(gpu.frameErrors).to.deep.equal([]);
  });

  it('finds an element added after it started, shows nothing while there is none, and follows a new one on the same texture', async () => {
    const under = addVideoSprite('#seat-camera');
    await engineFrames(10);
    expect(under.component.texture).to.equal(null);

    const first = await localVideo({ id: 'seat-camera' });
    await framesUntil(() => under.sprite.spriteFrame !== null, 120, 'first element shown');
    const texture = under.component.texture!;
    const frame = under.sprite.spriteFrame;

    first.closest('zego-room')!.remove();
    await framesUntil(() => under.sprite.spriteFrame === null, 60, 'sprite cleared');
    expect((await readFrame()).sprite(0.5, 0.5), 'no frozen frame of a removed element').to.deep.equal(BACKGROUND);

    const second = await localVideo({ id: 'seat-camera' });
    await framesUntil(() => under.sprite.spriteFrame !== null, 120, 'second element shown');
    expect(under.component.texture).to.equal(texture);
    expect(under.sprite.spriteFrame).to.equal(frame);
    const { picture, uploaded } = await readUploadedFrame();
    expect(gridDistance(picture.spriteGrid(8, 6), sourceGrid(uploaded, 8, 6, false))).to.be.lessThan(3);
    expect(gpu.uploads.at(-1)!.element).to.equal(second.getFrameSource());
    expect(gpu.frameErrors).to.deep.equal([]);
  });

  it('remote stream, canvas source (rvfc): its own stream only, colours in place, gone with the stream and back, then another', async () => {
    const roomID = uniqueRoom('cc');
    const opp = await opponent(roomID, 'opponent', 'rgb(255,0,0)', 'rgb(0,0,255)');
    const rival = await opponent(roomID, 'rival', 'rgb(0,255,255)', 'rgb(255,0,255)');
    const el = await remoteVideos(roomID, 'rvfc', [opp.streamID, rival.streamID]);
    const under = addVideoSprite('zego-remote-videos', opp.streamID);
    const counter = () => el.getFrameInfo(under.component.streamID)?.frameCounter ?? 0;
    const w = watch(under, counter);
    // The opponent's colours, where the opponent has them, while the rival's stream plays beside it.
    const first = await untilColours(RED, BLUE);
    expect(first.background()).to.deep.equal(BACKGROUND);
    const texture = under.component.texture!;
    const frame = under.sprite.spriteFrame!;

    const steady = watch(under, counter);
    await engineFrames(240);
    steady.stop();
    report('remote stream, canvas (rvfc) source', steady);
    expectClean(steady, 'HTMLCanvasElement');
    expect(steady.createdTextures).to.equal(0);
    expect(steady.uploads.length / steady.seconds, 'uploads per second').to.be.greaterThan(10);
    expect(steady.uploads.every((u) => u.element === el.getFrameSource(opp.streamID))).to.equal(true);

    opp.source.set('rgb(255,255,0)', 'rgb(0,255,0)');
    await untilColours(YELLOW, GREEN);

    // The stream ends: the sprite shows nothing rather than a frozen face.
    opp.unpublish();
    await framesUntil(() => under.sprite.spriteFrame === null, 600, 'sprite cleared');
    expect((await readFrame()).sprite(0.5, 0.5)).to.deep.equal(BACKGROUND);

    // It comes back: the same texture and sprite frame show it again.
    opp.source.set('rgb(0,0,255)', 'rgb(255,0,0)');
    await opp.publish();
    await untilColours(BLUE, RED, 600);

    // The game picks the other stream: still the one texture.
    under.component.streamID = rival.streamID;
    await untilColours(CYAN, MAGENTA);
    w.stop();
    expectClean(w, 'HTMLCanvasElement');
    expect(under.component.texture).to.equal(texture);
    expect(under.sprite.spriteFrame).to.equal(frame);
    expect([...w.textures].filter(Boolean), 'Texture2D').to.deep.equal([texture]);
    expect(w.createdTextures - w.deletedTextures, 'GL textures: the first frame made the one').to.equal(1);
  });

  it('remote stream, <video> source: a resolution change resizes the one texture once, and uploads go on at the new size', async () => {
    const roomID = uniqueRoom('cc');
    const opp = await opponent(roomID, 'opponent', 'rgb(255,0,0)', 'rgb(0,0,255)');
    const el = await remoteVideos(roomID, 'external', [opp.streamID]);
    const under = addVideoSprite('zego-remote-videos', opp.streamID);
    const counter = () => el.getFrameInfo(opp.streamID)?.frameCounter ?? 0;
    const w = watch(under, counter);
    await untilColours(RED, BLUE);
    const texture = under.component.texture!;
    expect([texture.width, texture.height]).to.deep.equal([320, 240]);
    expect(under.sprite.spriteFrame!.flipUVX, 'a remote stream is not mirrored').to.equal(false);

    const steady = watch(under, counter);
    await engineFrames(240);
    steady.stop();
    report('remote stream, <video> source (staged)', steady);
    expectClean(steady, 'HTMLCanvasElement');
    expect(steady.createdTextures).to.equal(0);
    expect(steady.uploads.length / steady.seconds, 'uploads per second').to.be.greaterThan(10);

    opp.source.resize(480, 360);
    const video = el.getFrameSource(opp.streamID) as HTMLVideoElement;
    await framesUntil(() => video.videoWidth === 480, 900, 'the stream at 480x360');
    await framesUntil(() => texture.width === 480, 60, 'texture resized');
    // The picture right after the change, and a change of colours at the new size (no frozen or empty sprite).
    await untilColours(RED, BLUE);
    opp.source.set('rgb(0,255,0)', 'rgb(255,255,0)');
    await untilColours(GREEN, YELLOW);
    w.stop();
    expectClean(w, 'HTMLCanvasElement');
    expect(under.component.texture).to.equal(texture);
    expect([texture.width, texture.height]).to.deep.equal([480, 360]);
    const sizes = [...new Set(w.uploads.map((u) => `${u.width}x${u.height}`))];
    expect(sizes, 'upload sizes, in order').to.deep.equal(['320x240', '480x360']);
    // The first frame made the GL texture; the new size replaced it inside the same Texture2D.
    expect([w.createdTextures, w.deletedTextures], 'GL textures created, deleted').to.deep.equal([2, 1]);
  });

  it('the engine quirk the staging canvas avoids: a <video> of the texture size uploaded as it is raises GL errors', async () => {
    const el = await localVideo({ render: 'external' });
    const video = el.getFrameSource() as HTMLVideoElement;
    const texture = new cc.Texture2D();
    texture.reset({ width: video.videoWidth, height: video.videoHeight, format: cc.Texture2D.PixelFormat.RGBA8888 });
    cleanups.push(() => texture.destroy());
    const before = gpu.uploads.length;
    texture.uploadData(video as unknown as HTMLCanvasElement);
    const [upload] = gpu.uploads.slice(before);
    expect([upload.fn, upload.source]).to.deep.equal(['texImage2D', 'HTMLVideoElement']);
    expect(upload.error, 'GL_INVALID_OPERATION').to.equal(gl.INVALID_OPERATION);
    gpu.uploads.splice(before);
  });
});
