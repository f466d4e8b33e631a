/** What bench/pages/first-frame.ts exposes as `window.bench`, shared with the Node driver (plain data only). */

export type Kind = 'engine' | 'bare';

export interface JoinInfo {
  wsUrl: string;
  httpUrl: string;
  appID: number;
  roomID: string;
  userID: string;
}

export interface FirstFrame {
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
  /** Publisher: returns t0. */
  publish(kind: Kind, streamID: string): number;
  firstFrame(): Promise<FirstFrame>;
  /** Milestones of the current run in this page, as [name, clock time]; reset by join(). */
  marks(): Array<[string, number]>;
  /** Ends everything this page made for the run; resolves with what is still alive after a bounded wait. */
  cleanup(): Promise<Live>;
  live(): Live;
}
