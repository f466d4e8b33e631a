/** What bench/pages/mesh.ts exposes as `window.mesh`, shared with the Node driver bench/mesh.ts (plain data only). */

export interface MeshJoin {
  wsUrl: string;
  httpUrl: string;
  appID: number;
  roomID: string;
}

export interface MeshLive {
  peerConnections: number;
  tracks: number;
}

export interface MeshPage {
  /** Publisher page: `n` engines each capture 320x240@15 (video only) and publish `${roomID}-${i}`. */
  publish(join: MeshJoin, n: number): Promise<string[]>;
  /** Publisher page: frames each stream's camera track has produced so far (RTCVideoSourceStats.frames). */
  sourceFrames(): Promise<Record<string, number>>;
  /** Player page: one engine plays every stream into its own <video>; resolves when each has presented a frame. */
  play(join: MeshJoin, streamIDs: string[], timeoutMs: number): Promise<void>;
  /** Player page: frames each <video> has presented so far (requestVideoFrameCallback's presentedFrames). */
  presentedFrames(): Record<string, number>;
  /** Ends everything of this page; resolves with what is still alive after a bounded wait. */
  cleanup(): Promise<MeshLive>;
}
