/**
 * Virtual stereo for `enableVirtualStereo`: the voice placed on a circle around the listener, by the SDK's angle
 * convention (90 in front, 0 right, 180 left, 270 behind; -1 all around, which here means the voice slowly circles).
 *
 * An equal-power StereoPannerNode (pan = cos angle) places it left to right; a gentle high-shelf cut that deepens
 * towards the back (0 dB in front, -6 dB at 4 kHz behind) stands in for what only an HRTF can do. An HRTF
 * PannerNode was measured first: at the fake microphone's 400 Hz it separates the ears by only ~4 dB at 0°/180°
 * (real heads barely shadow low frequencies), too little to hear on speakers, while the panner gives full
 * separation. Its output is two channels, which is why the processor's output track is stereo.
 */

/** One turn every 8 seconds for the all-around (-1) setting. */
const ROTATION_HZ = 0.125;
/** High-shelf cut behind the listener, dB (half of it at the sides). */
const REAR_CUT = 6;

export class VirtualStereo {
  readonly input: StereoPannerNode;
  readonly output: BiquadFilterNode;
  private rotors: OscillatorNode[] = [];
  private readonly gains: GainNode[] = [];
  private angle: number | null = null;

  constructor(private readonly ctx: BaseAudioContext) {
    this.input = ctx.createStereoPanner();
    this.output = ctx.createBiquadFilter();
    this.output.type = 'highshelf';
    this.output.frequency.value = 4000;
    this.input.connect(this.output);
  }

  get active(): boolean {
    return this.angle !== null;
  }

  /** Degrees (0..360, or -1 for all around); null turns it off (the caller then bypasses this stage). */
  set(angle: number | null): void {
    this.stopRotation();
    this.angle = angle;
    if (angle === null) return;
    const pan = this.input.pan;
    const rear = this.output.gain;
    if (angle === -1) {
      // pan = cos(wt), shelf = (sin(wt) - 1) * REAR_CUT / 2: starts at the right, passes in front, left, behind
      pan.value = 0;
      rear.value = -REAR_CUT / 2;
      const cos = this.ctx.createOscillator();
      cos.setPeriodicWave(this.ctx.createPeriodicWave(new Float32Array([0, 1]), new Float32Array([0, 0])));
      const sin = this.ctx.createOscillator();
      const depth = this.ctx.createGain();
      depth.gain.value = REAR_CUT / 2;
      for (const o of [cos, sin]) o.frequency.value = ROTATION_HZ;
      cos.connect(pan);
      sin.connect(depth).connect(rear);
      const when = this.ctx.currentTime + 0.01;
      cos.start(when);
      sin.start(when);
      this.rotors = [cos, sin];
      this.gains.push(depth);
      return;
    }
    const rad = (angle * Math.PI) / 180;
    pan.value = Math.cos(rad);
    rear.value = ((Math.sin(rad) - 1) * REAR_CUT) / 2;
  }

  dispose(): void {
    this.stopRotation();
    this.input.disconnect();
    this.output.disconnect();
  }

  private stopRotation(): void {
    for (const o of this.rotors) {
      o.stop();
      o.disconnect();
    }
    for (const g of this.gains.splice(0)) g.disconnect();
    this.rotors = [];
  }
}
