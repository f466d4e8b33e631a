import type { ZegoDataChannelEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';
import { checkStreamID } from '../shared/codes.js';
import { MediaEmitter } from './media-element.js';

/** What the manager needs of its engine. */
export interface SequentialDataHost {
  /** `startBroadcasting`: false when the room is not joined, the stream belongs to another room, or the core refused. */
  broadcast(roomID: string, streamID: string): Promise<boolean>;
  stopBroadcast(streamID: string): boolean;
  send(streamID: string, data: ArrayBuffer): boolean;
  /** `startSubscribing`: resolves once connected to the broadcaster, false when it cannot be reached. */
  subscribe(roomID: string, streamID: string, listener: (data: ArrayBuffer) => void): Promise<boolean>;
  unsubscribe(streamID: string, listener: (data: ArrayBuffer) => void): boolean;
}

/**
 * `createRealTimeSequentialDataManager(roomID)`: ordered, frequent data from one broadcaster to its subscribers, per
 * stream ID, over the data channel beside each play connection (a stream that is also published as media carries
 * its data on the same connections; a stream ID that is not becomes a data-only publication, never listed in the
 * room). Subscribers learn the stream ID from the application, as with ZEGO.
 */
export class ZegoRealTimeSequentialDataManager {
  private readonly events = new MediaEmitter<ZegoDataChannelEvent>();
  private readonly broadcasting = new Set<string>();
  private readonly subscriptions = new Map<string, (data: ArrayBuffer) => void>();

  constructor(
    private readonly host: SequentialDataHost,
    private readonly _roomID: string,
  ) {}

  get roomID(): string {
    return this._roomID;
  }

  async startBroadcasting(streamID: string): Promise<boolean> {
    if (checkStreamID(streamID) || this.broadcasting.has(streamID)) return false;
    if (!(await this.host.broadcast(this._roomID, streamID))) return false;
    this.broadcasting.add(streamID);
    return true;
  }

  stopBroadcasting(streamID: string): boolean {
    if (!this.broadcasting.delete(streamID)) return false;
    return this.host.stopBroadcast(streamID);
  }

  sendRealTimeSequentialData(streamID: string, data: ArrayBuffer): boolean {
    if (!this.broadcasting.has(streamID) || !(data instanceof ArrayBuffer)) return false;
    return this.host.send(streamID, data);
  }

  async startSubscribing(streamID: string): Promise<boolean> {
    if (checkStreamID(streamID) || this.subscriptions.has(streamID)) return false;
    const listener = (data: ArrayBuffer) => this.events.emit('receiveRealTimeSequentialData', data, data.byteLength, streamID);
    this.subscriptions.set(streamID, listener);
    const ok = await this.host.subscribe(this._roomID, streamID, listener);
    if (!ok && this.subscriptions.get(streamID) === listener) this.subscriptions.delete(streamID);
    return ok;
  }

  stopSubscribing(streamID: string): boolean {
    const listener = this.subscriptions.get(streamID);
    if (!listener) return false;
    this.subscriptions.delete(streamID);
    return this.host.unsubscribe(streamID, listener);
  }

  on<K extends keyof ZegoDataChannelEvent>(event: K, callBack: ZegoDataChannelEvent[K]): void {
    this.events.on(event, callBack);
  }

  off<K extends keyof ZegoDataChannelEvent>(event: K, callBack: ZegoDataChannelEvent[K]): void {
    this.events.off(event, callBack);
  }

  /** Stops every broadcast and subscription of this manager (`destroyRealTimeSequentialDataManager`). */
  reset(): void {
    for (const streamID of [...this.broadcasting]) this.stopBroadcasting(streamID);
    for (const streamID of [...this.subscriptions.keys()]) this.stopSubscribing(streamID);
    this.events.clear();
  }
}
