/** RTCPeerConnection helpers shared by the publisher and player sides of the local engine. */

/** Waits for ICE gathering to finish (non-trickle signalling), but never longer than `timeoutMs`. */
export function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Keeps only host candidates on 127.0.0.1: test media must never leave this machine. */
export function loopbackOnly(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || / 127\.0\.0\.1 /.test(line))
    .join('\r\n');
}

/** The SDP to send: only loopback candidates when `loopback` (tests), else as gathered. */
export function filterCandidates(sdp: string, loopback: boolean): string {
  return loopback ? loopbackOnly(sdp) : sdp;
}

/** Resolves when the connection is up; rejects when it fails, closes, or takes longer than `timeoutMs`. */
export function connected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      if (err) reject(err);
      else resolve();
    };
    const check = () => {
      const s = pc.connectionState;
      if (s === 'connected') finish();
      else if (s === 'failed' || s === 'closed') finish(new Error(`connection ${s}`));
    };
    const timer = setTimeout(() => finish(new Error('connection timeout')), timeoutMs);
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}
