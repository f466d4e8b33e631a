/** What bench/pages/first-frame.ts exposes as `window.bench`, shared with the Node driver (plain data only). */

/**
 * `engine` / `bare`: publish to first frame over the room server (non-trickle bare pair, as before).
 * `floor`: a bare trickle-ICE pair, signalling straight between the two pages over a BroadcastChannel: the physical
 * floor. `kit` / `kit-rvfc`: `<zego-room>` + `<zego-remote-videos>` (render auto = worker, or rvfc) on the local
 * engine over BroadcastChannel, from the player's stream ADD to the first drawn pixel of the element.
 */
export type Kind = 'engine' | 'bare' | 'floor' | 'kit' | 'kit-rvfc';

export interface JoinInfo {
  wsUrl: string;
  httpUrl: string;
  appID: number;
  roomID: string;
  userID: string;
}

export interface FirstFrame {
  /** Set when the player page starts the clock itself (floor: the player starts; kit: the stream ADD). */
  t0?: number;
  t1: number;
  /** rVFC's callback time, for comparison with the presentation time used as t1. */
  callbackAt: number;
  width: number;
  height: number;
}

export interface Live {
  peerConnections: number;
  tracks: number;
}

export interface BenchPage {
  join(kind: Kind, info: JoinInfo): Promise<void>;
  /** Publisher: captures the camera and microphone (320x240@15) before t0; returns what the camera gave. */
  capture(kind: Kind): Promise<{ width?: number; height?: number; frameRate?: number; audio: boolean }>;
  /** Player: from now on, play `streamID` as soon as it appears and time its first frame. */
  arm(kind: Kind, streamID: string, timeoutMs: number): void;
  /** Publisher: returns t0 (kit and floor: the player page stamps its own t0, see FirstFrame). */
  publish(kind: Kind, streamID: string): number;
  /** Floor only, on the player page: makes the offer (t0). */
  start(kind: Kind, streamID: string): number;
  firstFrame(): Promise<FirstFrame>;
  /** Milestones of the current run in this page, as [name, clock time]; reset by join(). */
  marks(): Array<[string, number]>;
  /** Ends everything this page made for the run; resolves with what is still alive after a bounded wait. */
  cleanup(): Promise<Live>;
  live(): Live;
}
