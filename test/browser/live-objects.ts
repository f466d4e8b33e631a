// Counts the peer connections and media tracks a page (or a same-origin iframe) made that are still alive. No side
// effect until called, and no import of the kit, so bench and leak pages can use it as the tests do.

/**
 * Counts peer connections and media tracks created in a window (and its same-origin iframes) that are still alive.
 * The window is instrumented once; every call shares its counts, and closed or ended objects are let go.
 */
export function trackLiveObjects(win: Window & typeof globalThis = window) {
  const holder = win as unknown as {
    __zegoLive?: { pcs: Set<RTCPeerConnection>; tracks: Set<MediaStreamTrack>; captures: Set<MediaStreamTrack> };
  };
  if (!holder.__zegoLive) {
    const live = (holder.__zegoLive = {
      pcs: new Set<RTCPeerConnection>(),
      tracks: new Set<MediaStreamTrack>(),
      captures: new Set<MediaStreamTrack>(),
    });
    const Native = win.RTCPeerConnection;
    win.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        live.pcs.add(this);
        this.addEventListener('track', (e) => live.tracks.add((e as RTCTrackEvent).track));
      }
    } as unknown as typeof RTCPeerConnection;
    const gum = win.navigator.mediaDevices.getUserMedia.bind(win.navigator.mediaDevices);
    win.navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await gum(c);
      s.getTracks().forEach((t) => {
        live.tracks.add(t);
        live.captures.add(t);
      });
      return s;
    };
  }
  const { pcs, tracks, captures } = holder.__zegoLive;
  const prune = () => {
    for (const pc of pcs) if (pc.connectionState === 'closed') pcs.delete(pc);
    for (const set of [tracks, captures]) for (const t of set) if (t.readyState === 'ended') set.delete(t);
  };
  return {
    livePeerConnections: () => (prune(), pcs.size),
    /** The live peer connections themselves (to read their stats). */
    peerConnections: () => (prune(), [...pcs]),
    /** Camera/microphone tracks and received tracks. */
    liveTracks: () => (prune(), tracks.size),
    /** Camera/microphone tracks only. */
    liveCaptureTracks: () => (prune(), captures.size),
  };
}
