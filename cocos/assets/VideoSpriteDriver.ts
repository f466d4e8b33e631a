// The logic of ZegoVideoSprite, free of the 'cc' module: the Cocos classes come in by injection (ZegoVideoSprite.ts
// passes the real Texture2D and SpriteFrame). This file imports nothing: Cocos resolves it as a plain script asset.
// Tested in the real engine, Cocos Creator 3.8.4 on WebGL2: test/browser/cocos-real-engine.test.ts.

// ---- frame sources ----

/** One video picture that a game engine can copy from: the kit's frame-source contract, whichever element it is. */
export interface FrameProvider {
  /** The element to copy from; stable while the stream lives; null while there is no stream. */
  source(): HTMLCanvasElement | HTMLVideoElement | null;
  /** Size of the stream's frames as the element reports it (the canvas may be larger: it is the element's display). */
  readonly width: number;
  readonly height: number;
  /** +1 per presented frame. */
  readonly counter: number;
  /** The picture is shown mirrored. A canvas source already carries mirrored pixels; a `<video>` never does. */
  readonly mirrored: boolean;
}

/** `<zego-local-video>`'s side of the contract. */
export interface LocalFrameElement {
  getFrameSource(): HTMLCanvasElement | HTMLVideoElement | null;
  readonly frameWidth: number;
  readonly frameHeight: number;
  readonly frameCounter: number;
  readonly mirrored: boolean;
}

export interface FrameInfo {
  frameWidth: number;
  frameHeight: number;
  frameCounter: number;
  mirrored: boolean;
}

/** `<zego-remote-videos>`'s side of the contract: one source per stream ID. */
export interface RemoteFrameElement {
  getFrameSource(streamID: string): HTMLCanvasElement | HTMLVideoElement | null;
  getFrameInfo(streamID: string): FrameInfo | null;
}

export function isRemoteFrameElement(el: unknown): el is RemoteFrameElement {
  return typeof (el as Partial<RemoteFrameElement> | null)?.getFrameInfo === 'function';
}

export function isLocalFrameElement(el: unknown): el is LocalFrameElement {
  return !isRemoteFrameElement(el) && typeof (el as Partial<LocalFrameElement> | null)?.getFrameSource === 'function';
}

export function localFrameProvider(el: LocalFrameElement): FrameProvider {
  return {
    source: () => el.getFrameSource(),
    get width() {
      return el.frameWidth;
    },
    get height() {
      return el.frameHeight;
    },
    get counter() {
      return el.frameCounter;
    },
    get mirrored() {
      return el.mirrored;
    },
  };
}

export function remoteFrameProvider(el: RemoteFrameElement, streamID: string): FrameProvider {
  return {
    source: () => el.getFrameSource(streamID),
    get width() {
      return el.getFrameInfo(streamID)?.frameWidth ?? 0;
    },
    get height() {
      return el.getFrameInfo(streamID)?.frameHeight ?? 0;
    },
    get counter() {
      return el.getFrameInfo(streamID)?.frameCounter ?? 0;
    },
    get mirrored() {
      return el.getFrameInfo(streamID)?.mirrored ?? false;
    },
  };
}

/**
 * A provider for an element of either shape, or null when the element offers no frames yet (not upgraded) or is
 * a `<zego-remote-videos>` asked without a stream ID.
 */
export function frameProviderFor(el: Element | null, streamID = ''): FrameProvider | null {
  if (isRemoteFrameElement(el)) return streamID ? remoteFrameProvider(el, streamID) : null;
  if (isLocalFrameElement(el)) return localFrameProvider(el);
  return null;
}

// ---- the Cocos classes it touches (structural: the real 'cc' classes satisfy these) ----

export interface CcTextureSize {
  readonly width: number;
  readonly height: number;
}

export interface CcTexture2D extends CcTextureSize {
  reset(info: { width: number; height: number; format?: number; mipmapLevel?: number }): void;
  setFilters(minFilter: number, magFilter: number): void;
  setMipFilter(mipFilter: number): void;
  setWrapMode(wrapS: number, wrapT: number): void;
  uploadData(source: HTMLCanvasElement, level?: number, arrayIndex?: number): void;
  destroy(): boolean;
}

export interface CcTexture2DClass<T extends CcTexture2D> {
  new (): T;
  readonly PixelFormat: { readonly RGBA8888: number };
  readonly Filter: { readonly NONE: number; readonly LINEAR: number };
  readonly WrapMode: { readonly CLAMP_TO_EDGE: number };
}

export interface CcSpriteFrame {
  packable: boolean;
  flipUVX: boolean;
  reset(info?: { texture?: CcTextureSize }, clearData?: boolean): void;
  destroy(): boolean;
}

export interface CcSprite<F extends CcSpriteFrame> {
  spriteFrame: F | null;
}

export interface CcClasses<T extends CcTexture2D, F extends CcSpriteFrame> {
  Texture2D: CcTexture2DClass<T>;
  SpriteFrame: new () => F;
  /**
   * Called when a texture that may have been drawn already got a new size. Cocos 3.8's 2D batcher keeps one
   * descriptor set per texture hash, bound to the GFX texture it first saw; `reset()` replaces that GFX texture under
   * the same hash, so until the entry goes the sprite samples the destroyed one and shows nothing.
   */
  textureResized?(texture: T): void;
}

export interface VideoSpriteTarget {
  /** CSS selector of the element (`zego-local-video`, `zego-remote-videos`, `#my-id`). */
  selector: string;
  /** For `<zego-remote-videos>`: which stream to show. */
  streamID?: string;
}

export interface VideoSpriteStartOptions extends VideoSpriteTarget {
  /** Tag to wait for before looking (the kit defines `zego-room` first, then the other elements). */
  readyTag?: string;
  /** Where to look; the document by default. */
  root?: ParentNode;
}

const isVideo = (s: HTMLCanvasElement | HTMLVideoElement): s is HTMLVideoElement => s.localName === 'video';

/**
 * Copies a kit element's frames into one Sprite with one Texture2D and one SpriteFrame for its whole life:
 * - created on the first frame (`reset({width, height, format: RGBA8888})`, mip filter NONE, `packable = false`);
 * - `tick()` (call it from `lateUpdate`) uploads only when the element's frame counter moved;
 * - a source of another size resets the texture first, so no upload is ever larger than the texture;
 * - mirroring is `spriteFrame.flipUVX`, never a pixel copy;
 * - `destroy()` clears the sprite and destroys both.
 *
 * A canvas source is uploaded as it is. A `<video>` source (`render="external"`) is first drawn into one staging
 * canvas of the video's size: Cocos 3.7.3-3.8.x upload a `<video>` of exactly the texture's size with `texImage2D` on
 * an immutable WebGL2 texture (INVALID_OPERATION), while a canvas takes the legal `texSubImage2D` path.
 */
export class VideoSpriteDriver<T extends CcTexture2D = CcTexture2D, F extends CcSpriteFrame = CcSpriteFrame> {
  private readonly cc: CcClasses<T, F>;
  private readonly sprite: CcSprite<F>;
  private _texture: T | null = null;
  private _spriteFrame: F | null = null;
  private attached = false;
  private provider: FrameProvider | null = null;
  private lookedUp: Element | null = null;
  private target: VideoSpriteTarget | null = null;
  private root: ParentNode | null = null;
  private lastCounter = 0;
  private staging: HTMLCanvasElement | null = null;
  private stagingContext: CanvasRenderingContext2D | null = null;
  private destroyed = false;
  private warned = false;

  constructor(cc: CcClasses<T, F>, sprite: CcSprite<F>) {
    this.cc = cc;
    this.sprite = sprite;
  }

  /** The texture the frames go to (null before the first frame): usable on any material, not only this sprite. */
  get texture(): T | null {
    return this._texture;
  }

  get spriteFrame(): F | null {
    return this._spriteFrame;
  }

  /**
   * Waits until the kit has defined its elements, then looks for `selector` on every tick until it is found (the
   * element may be added later, or replaced). Without custom elements (a native build) it does nothing.
   */
  async start(options: VideoSpriteStartOptions): Promise<void> {
    if (typeof customElements === 'undefined' || typeof document === 'undefined') {
      console.warn('ZegoVideoSprite: no DOM here (native build?); it only works in web builds.');
      return;
    }
    await customElements.whenDefined(options.readyTag ?? 'zego-room');
    if (this.destroyed) return;
    this.root = options.root ?? document;
    this.setTarget(options);
  }

  /** Shows another element or stream; the texture and sprite frame stay. */
  setTarget(target: VideoSpriteTarget): void {
    this.target = { selector: target.selector, streamID: target.streamID ?? '' };
    this.warned = false;
    this.useProvider(null);
  }

  /** Reads frames from `provider` directly, without looking up an element (null: stop reading). */
  useProvider(provider: FrameProvider | null): void {
    this.provider = provider;
    this.lookedUp = null;
    this.lastCounter = 0;
  }

  /** Once per game frame, after the game's updates (`lateUpdate`). */
  tick(): void {
    if (this.destroyed) return;
    if (this.lookedUp && !this.lookedUp.isConnected) this.useProvider(null);
    if (!this.provider && !this.lookUp()) {
      // No element (yet, or any more): show nothing rather than the last frame of one that was removed.
      this.detach();
      return;
    }
    const provider = this.provider!;
    const source = provider.source();
    if (!source) {
      // No stream (yet, or any more): show nothing rather than a frozen last frame.
      this.detach();
      this.lastCounter = 0;
      return;
    }
    const counter = provider.counter;
    if (counter === this.lastCounter || !counter) return;
    const video = isVideo(source);
    const width = video ? source.videoWidth : source.width;
    const height = video ? source.videoHeight : source.height;
    if (!width || !height) return;
    this.lastCounter = counter;

    const upload = video ? this.stage(source, width, height) : source;
    if (!upload) return;
    let changed = this.ensureTexture(width, height);
    const frame = this._spriteFrame!;
    const flip = video && provider.mirrored;
    if (frame.flipUVX !== flip) {
      frame.flipUVX = flip;
      changed = true;
    }
    this._texture!.uploadData(upload);
    if (!this.attached) {
      this.sprite.spriteFrame = frame;
      this.attached = true;
    } else if (changed) {
      // Sprite ignores a frame it already has: take it off and put it back so it re-reads size, UVs and texture.
      this.sprite.spriteFrame = null;
      this.sprite.spriteFrame = frame;
    }
  }

  /** Clears the sprite and destroys the texture and sprite frame; ticks after this do nothing. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.attached && this.sprite.spriteFrame === this._spriteFrame) this.sprite.spriteFrame = null;
    this.attached = false;
    this._spriteFrame?.destroy();
    this._texture?.destroy();
    this._spriteFrame = null;
    this._texture = null;
    if (this.staging) this.staging.width = this.staging.height = 0;
    this.staging = null;
    this.stagingContext = null;
    this.provider = null;
    this.lookedUp = null;
    this.root = null;
  }

  private lookUp(): boolean {
    if (!this.target || !this.root) return false;
    const el = this.root.querySelector(this.target.selector);
    const provider = frameProviderFor(el, this.target.streamID);
    if (!provider) {
      if (isRemoteFrameElement(el) && !this.warned) {
        this.warned = true;
        console.warn(`ZegoVideoSprite: ${this.target.selector} plays several streams; set a stream ID.`);
      }
      return false;
    }
    this.provider = provider;
    this.lookedUp = el;
    this.lastCounter = 0;
    return true;
  }

  /** Creates the texture and sprite frame on the first frame, resets the texture on a size change; true if either. */
  private ensureTexture(width: number, height: number): boolean {
    const { Texture2D, SpriteFrame } = this.cc;
    let texture = this._texture;
    if (texture && texture.width === width && texture.height === height) return false;
    if (!texture) {
      texture = new Texture2D();
      texture.setFilters(Texture2D.Filter.LINEAR, Texture2D.Filter.LINEAR);
      texture.setMipFilter(Texture2D.Filter.NONE);
      texture.setWrapMode(Texture2D.WrapMode.CLAMP_TO_EDGE, Texture2D.WrapMode.CLAMP_TO_EDGE);
      this._texture = texture;
    }
    const resized = this._spriteFrame !== null; // made with the first texture: this is a new size, not a new texture
    texture.reset({ width, height, format: Texture2D.PixelFormat.RGBA8888 });
    if (resized) this.cc.textureResized?.(texture);
    if (!this._spriteFrame) this._spriteFrame = new SpriteFrame();
    const frame = this._spriteFrame;
    // rect and original size follow the texture; `texture = t` would skip a texture it already has.
    frame.reset({ texture }, true);
    // The dynamic atlas would copy the first frame once and show that copy for ever.
    frame.packable = false;
    return true;
  }

  private stage(video: HTMLVideoElement, width: number, height: number): HTMLCanvasElement | null {
    if (!this.staging) {
      this.staging = document.createElement('canvas');
      this.stagingContext = this.staging.getContext('2d', { alpha: false });
    }
    const canvas = this.staging;
    const ctx = this.stagingContext;
    if (!ctx) return null;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    ctx.drawImage(video, 0, 0, width, height);
    return canvas;
  }

  private detach(): void {
    if (!this.attached) return;
    this.attached = false;
    if (this.sprite.spriteFrame === this._spriteFrame) this.sprite.spriteFrame = null;
  }
}
