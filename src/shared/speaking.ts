/**
 * Default of `speaking-threshold`: a level (0..100, the SDK's scale: peak sample x 100) above this counts as speech.
 * Speech peaks at 20-100; a quiet room with noise suppression stays under 5; Chromium's fake microphone reads 9.
 */
export const SPEAKING_THRESHOLD = 5;
/** Someone stays "speaking" this long after the last loud report: levels come once a second and a voice has pauses. */
export const SPEAKING_HOLD_MS = 1500;
