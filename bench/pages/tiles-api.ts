/** What bench/pages/tiles.ts exposes as `window.tiles`, shared with the Node driver bench/tiles.ts (plain data only). */

/**
 * How a page shows remote video:
 * - `none`: streams playing, nothing shown (the engine's and WebRTC's own main-thread cost);
 * - `video`: a plain `<video>` per stream (the browser's own path; the floor);
 * - `rvfc`, `worker`: our VideoRenderer on its main-thread and off-main-thread paths;
 * - `guide`: ZEGO's Cocos guide: every 66 ms a PNG snapshot (canvas.toDataURL) -> new Image -> drawn into a canvas.
 */
export type Method = 'none' | 'video' | 'rvfc' | 'worker' | 'guide';

export interface Counts {
  /** Frames shown: presented (`video`), drawn (`rvfc`, `worker`) or images drawn (`guide`), summed over tiles. */
  displayed: number;
  /** Frames the receivers decoded for the tiles' streams (inbound-rtp framesDecoded), summed. */
  source: number;
}

export interface TilesPage {
  /** Publisher page: `count` users, each publishing a 320x240@15 camera stream `tile-<i>`, no audio. */
  publish(roomID: string, count: number): Promise<{ width?: number; height?: number; frameRate?: number }>;
  /** Player page: logs in. */
  join(roomID: string): Promise<void>;
  /** Player page: plays exactly streams tile-0 .. tile-<n-1> (stops the rest); resolves once each has decoded frames. */
  play(n: number): Promise<void>;
  /** Player page: shows the playing streams with `method`; resolves when every tile has displayed a frame. */
  show(method: Method): Promise<{ activeModes: string[] }>;
  counts(): Promise<Counts>;
  /** Removes the tiles (streams keep playing). */
  clear(): void;
  cleanup(): void;
}
