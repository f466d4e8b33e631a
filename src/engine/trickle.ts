import type { WireCandidate } from '../shared/protocol.js';
import { candidateAllowed } from './peer.js';

/** Candidates of the other side kept while the remote description is not set yet; a real side sends a handful. */
const MAX_WAITING = 64;

/**
 * Trickle ICE for one play connection, owned by its link (publisher) or play (player) and disposed with it.
 *
 * Out: every local candidate that passes the tests' filter (`loopbackOnly`), then `null` at the end of gathering;
 * those gathered before our offer or answer went out wait for `described()`, so the other side never gets a
 * candidate before the description it belongs to. In: the other side's candidates (filtered alike), kept until
 * `ready()` says the remote description is set (`addIceCandidate` refuses them before).
 */
export class Trickle {
  private readonly abort = new AbortController();
  private outbound: Array<WireCandidate | null> | null = [];
  private inbound: Array<WireCandidate | null> | null = [];
  private disposed = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly loopback: boolean | string,
    private readonly send: (candidate: WireCandidate | null) => void,
  ) {
    pc.addEventListener('icecandidate', (e) => this.gathered(e.candidate), { signal: this.abort.signal });
  }

  /** Our offer or answer was sent: the candidates gathered so far follow it, later ones as they come. */
  described(): void {
    const waiting = this.outbound ?? [];
    this.outbound = null;
    for (const c of waiting) this.send(c);
  }

  /** A candidate of the other side (`null`: it gathered all of them). */
  remote(candidate: WireCandidate | null): void {
    if (this.disposed || (candidate && !candidateAllowed(candidate.candidate, this.loopback))) return;
    if (!this.inbound) this.add(candidate);
    else if (this.inbound.length < MAX_WAITING) this.inbound.push(candidate);
  }

  /** The remote description is set: the candidates that came before it go in. */
  ready(): void {
    const waiting = this.inbound ?? [];
    this.inbound = null;
    for (const c of waiting) this.add(c);
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    this.outbound = this.inbound = null;
  }

  private gathered(c: RTCIceCandidate | null): void {
    // an empty candidate ends one generation (some browsers); the null event after it ends them all
    if (c && (!c.candidate || !candidateAllowed(c.candidate, this.loopback))) return;
    const wire: WireCandidate | null = c && {
      candidate: c.candidate,
      sdpMid: c.sdpMid,
      sdpMLineIndex: c.sdpMLineIndex,
      usernameFragment: c.usernameFragment,
    };
    if (this.outbound) this.outbound.push(wire);
    else this.send(wire);
  }

  private add(c: WireCandidate | null): void {
    if (this.pc.signalingState === 'closed') return;
    // a candidate the connection refuses (stale generation, closed meanwhile) costs this one path, nothing else
    void (c ? this.pc.addIceCandidate(c) : this.pc.addIceCandidate()).catch(() => {});
  }
}
