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

/** Keeps only the candidates on `address` (127.0.0.1 by default): test media must never leave this machine. */
export function loopbackOnly(sdp: string, address = '127.0.0.1'): string {
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || line.split(' ')[4] === address)
    .join('\r\n');
}

/** The SDP to send: only candidates on the loopback (or given) address when `loopback` is set (tests), else as gathered. */
export function filterCandidates(sdp: string, loopback: boolean | string): string {
  if (!loopback) return sdp;
  return loopback === true ? loopbackOnly(sdp) : loopbackOnly(sdp, loopback);
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

/**
 * Whether one trickled candidate (`candidate:` attribute, without `a=`) may be sent or used: with `loopback` set
 * (tests) only a host candidate on that address (127.0.0.1 for `true`), as `filterCandidates` keeps in an SDP.
 */
export function candidateAllowed(candidate: string, loopback: boolean | string): boolean {
  if (!loopback) return true;
  const address = loopback === true ? '127.0.0.1' : loopback;
  return candidate.startsWith('candidate:') && candidate.split(' ')[4] === address;
}
