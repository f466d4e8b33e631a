import { _decorator, Component, director, Sprite, SpriteFrame, Texture2D } from 'cc';
import { VideoSpriteDriver } from './VideoSpriteDriver';

const { ccclass, property, requireComponent, disallowMultiple, menu } = _decorator;

/**
 * Shows a ZEGO call video (the local camera, or one remote stream) in this node's Sprite, from the frame source of a
 * zego-elements element on the page (web builds only; see the kit's `cocos/README.md`).
 *
 * One Texture2D and one SpriteFrame for the component's lifetime, one upload per new video frame, in `lateUpdate`.
 * Set the Sprite's Size Mode to CUSTOM to keep the node's size, and its Type to SIMPLE.
 */
@ccclass('ZegoVideoSprite')
@requireComponent(Sprite)
@disallowMultiple
@menu('ZEGO/ZegoVideoSprite')
export class ZegoVideoSprite extends Component {
  @property
  private _targetSelector = 'zego-local-video';

  @property
  private _streamID = '';

  @property({ tooltip: 'CSS selector of the element to show: zego-local-video, or zego-remote-videos with a Stream ID' })
  get targetSelector(): string {
    return this._targetSelector;
  }
  set targetSelector(value: string) {
    this._targetSelector = value;
    this.driver?.setTarget({ selector: value, streamID: this._streamID });
  }

  @property({ tooltip: 'For zego-remote-videos: the stream to show (from the zego-room-stream-update event)' })
  get streamID(): string {
    return this._streamID;
  }
  set streamID(value: string) {
    this._streamID = value;
    this.driver?.setTarget({ selector: this._targetSelector, streamID: value });
  }

  /** The texture the video goes to (null before the first frame); it can also feed a 3D material. */
  get texture(): Texture2D | null {
    return this.driver?.texture ?? null;
  }

  private driver: VideoSpriteDriver<Texture2D, SpriteFrame> | null = null;

  protected onLoad(): void {
    const sprite = this.getComponent(Sprite);
    if (!sprite) return;
    this.driver = new VideoSpriteDriver<Texture2D, SpriteFrame>({ Texture2D, SpriteFrame, textureResized }, sprite);
  }

  protected start(): void {
    void this.driver?.start({ selector: this._targetSelector, streamID: this._streamID });
  }

  protected lateUpdate(): void {
    this.driver?.tick();
  }

  protected onDestroy(): void {
    this.driver?.destroy();
    this.driver = null;
  }
}

/**
 * Drops the 2D batcher's descriptor set of a texture that `reset()` gave a new GFX texture, as the engine's own Label
 * does after resizing its texture (3.8: `batcher2D._releaseDescriptorSetCache`, internal, so looked up with care).
 */
function textureResized(texture: Texture2D): void {
  const batcher = director.root?.batcher2D as { _releaseDescriptorSetCache?: (textureHash: number) => void } | undefined;
  batcher?._releaseDescriptorSetCache?.(texture.getHash());
}
