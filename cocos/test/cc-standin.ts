// A recording stand-in of the few 'cc' classes ZegoVideoSprite touches, for tests in Chromium. It keeps the rules of
// Cocos 3.8 that the component must respect, and records what was done so a test can count it:
// - Texture2D: `reset` reallocates (the "GPU" texture is a canvas of that size); `uploadData` copies a source into it
//   and records an oversize upload (WebGL INVALID_VALUE, a frozen frame in the engine) instead of copying;
// - SpriteFrame: `flipUVX` recomputes UVs from the texture, so it throws before a texture is set, as the engine does;
//   `reset({texture}, true)` takes the texture's size as rect; `packable` defaults to true;
// - Sprite: assigning the frame it already has does nothing (the engine's setter returns early).
// Anything used after `destroy()` is recorded too.

export interface Upload {
  width: number;
  height: number;
  textureWidth: number;
  textureHeight: number;
  kind: string;
}

export class CcLog {
  textures: Texture2D[] = [];
  spriteFrames: SpriteFrame[] = [];
  /** Uses of a destroyed object, and uploads larger than the texture. */
  violations: string[] = [];

  get uploads(): Upload[] {
    return this.textures.flatMap((t) => t.uploads);
  }

  liveTextures(): number {
    return this.textures.filter((t) => !t.destroyed).length;
  }

  liveSpriteFrames(): number {
    return this.spriteFrames.filter((f) => !f.destroyed).length;
  }
}

enum PixelFormat {
  RGB888 = 33,
  RGBA8888 = 35,
}
enum TextureFilter {
  NONE = 0,
  LINEAR = 2,
  NEAREST = 1,
}
enum WrapMode {
  REPEAT = 0,
  MIRRORED_REPEAT = 1,
  CLAMP_TO_EDGE = 2,
}

/** Where every stand-in records; a fresh one per test (`resetCcLog`). */
export let log = new CcLog();
export function resetCcLog(): CcLog {
  log = new CcLog();
  return log;
}

export class Texture2D {
  static PixelFormat = PixelFormat;
  static Filter = TextureFilter;
  static WrapMode = WrapMode;

  width = 0;
  height = 0;
  format = -1;
  minFilter: TextureFilter = TextureFilter.LINEAR;
  magFilter: TextureFilter = TextureFilter.LINEAR;
  mipFilter: TextureFilter = TextureFilter.LINEAR;
  wrap: [WrapMode, WrapMode] = [WrapMode.REPEAT, WrapMode.REPEAT];
  resets: Array<{ width: number; height: number }> = [];
  uploads: Upload[] = [];
  destroyed = false;
  /** What the GPU texture holds. */
  readonly pixels = document.createElement('canvas');
  private readonly ctx = this.pixels.getContext('2d', { willReadFrequently: true })!;

  constructor() {
    log.textures.push(this);
  }

  reset(info: { width: number; height: number; format?: number; mipmapLevel?: number }): void {
    this.check('reset');
    this.width = info.width;
    this.height = info.height;
    this.format = info.format ?? PixelFormat.RGBA8888;
    this.pixels.width = info.width;
    this.pixels.height = info.height;
    this.resets.push({ width: info.width, height: info.height });
  }

  setFilters(minFilter: TextureFilter, magFilter: TextureFilter): void {
    this.minFilter = minFilter;
    this.magFilter = magFilter;
  }

  setMipFilter(mipFilter: TextureFilter): void {
    this.mipFilter = mipFilter;
  }

  setWrapMode(wrapS: WrapMode, wrapT: WrapMode): void {
    this.wrap = [wrapS, wrapT];
  }

  uploadData(source: HTMLCanvasElement | HTMLImageElement | ArrayBufferView | ImageBitmap): void {
    this.check('uploadData');
    const el = source as HTMLCanvasElement;
    const kind = (source as Element).localName ?? source.constructor.name;
    const upload = { width: el.width, height: el.height, textureWidth: this.width, textureHeight: this.height, kind };
    this.uploads.push(upload);
    if (!this.width || el.width > this.width || el.height > this.height) {
      log.violations.push(`upload ${el.width}x${el.height} into a ${this.width}x${this.height} texture`);
      return;
    }
    this.ctx.drawImage(el, 0, 0);
  }

  destroy(): boolean {
    this.check('destroy');
    this.destroyed = true;
    return true;
  }

  /** RGBA of one texel. */
  texel(x: number, y: number): number[] {
    return [...this.ctx.getImageData(x, y, 1, 1).data];
  }

  private check(what: string): void {
    if (this.destroyed) log.violations.push(`Texture2D.${what} after destroy`);
  }
}

export class SpriteFrame {
  packable = true;
  texture: Texture2D | null = null;
  rect = { x: 0, y: 0, width: 0, height: 0 };
  destroyed = false;
  uvUpdates = 0;
  private _flipUVX = false;

  constructor() {
    log.spriteFrames.push(this);
  }

  get flipUVX(): boolean {
    return this._flipUVX;
  }
  set flipUVX(value: boolean) {
    this._flipUVX = value;
    this.calculateUV();
  }

  reset(info?: { texture?: { width: number; height: number } }, clearData = false): void {
    if (this.destroyed) log.violations.push('SpriteFrame.reset after destroy');
    if (clearData) this.rect = { x: 0, y: 0, width: 0, height: 0 };
    if (info?.texture) {
      this.texture = info.texture as Texture2D;
      this.rect = { x: 0, y: 0, width: info.texture.width, height: info.texture.height };
      this.calculateUV();
    }
  }

  destroy(): boolean {
    if (this.destroyed) log.violations.push('SpriteFrame.destroy twice');
    this.destroyed = true;
    return true;
  }

  private calculateUV(): void {
    // The engine reads texture.width here: a TypeError when no texture was set.
    if (!this.texture) throw new TypeError("Cannot read properties of undefined (reading 'width')");
    this.uvUpdates++;
  }
}

export class Sprite {
  /** Every assignment that the engine would act on. */
  assignments: Array<SpriteFrame | null> = [];
  private _spriteFrame: SpriteFrame | null = null;

  get spriteFrame(): SpriteFrame | null {
    return this._spriteFrame;
  }
  set spriteFrame(value: SpriteFrame | null) {
    if (value === this._spriteFrame) return;
    if (value?.destroyed) log.violations.push('Sprite given a destroyed SpriteFrame');
    this._spriteFrame = value;
    this.assignments.push(value);
  }
}
