// The local engine's local-media audio: what `ZegoLocalEngine` wires in (see engine-audio.ts).
export { EngineAudio, withStereoOpus, withoutStereoOpus, type EngineAudioDeps } from './engine-audio.js';
export { ZegoAudioEffectPlayer } from './audio-effect-player.js';
export { LocalAudioProcessor } from './local-audio-processor.js';
