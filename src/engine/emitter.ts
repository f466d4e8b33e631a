import type { ZegoEvent } from 'zego-express-engine-webrtc/sdk/code/zh/ZegoExpressEntity.web';

type Listener = (...args: never[]) => void;

/**
 * The event names `ZegoLocalEngine.on()` accepts: the 36 of `ZegoEvent` that the SDK implements
 * (`hallStateUpdate` is declared by the SDK but refused by its `on()`, and so here).
 */
export const SUPPORTED_EVENTS: ReadonlySet<string> = new Set<keyof ZegoEvent>([
  'roomStateChanged',
  'roomStateUpdate',
  'roomUserUpdate',
  'roomOnlineUserCountUpdate',
  'roomStreamUpdate',
  'roomExtraInfoUpdate',
  'streamExtraInfoUpdate',
  'tokenWillExpire',
  'publisherStateUpdate',
  'publishQualityUpdate',
  'publisherVideoEncoderChanged',
  'screenSharingEnded',
  'playerStateUpdate',
  'playQualityUpdate',
  'remoteCameraStatusUpdate',
  'remoteMicStatusUpdate',
  'playerRecvSEI',
  'playerVideoTrackUpdate',
  'playerAudioTrackUpdate',
  'videoDeviceStateChanged',
  'audioDeviceStateChanged',
  'deviceError',
  'IMRecvBroadcastMessage',
  'IMRecvBarrageMessage',
  'IMRecvCustomCommand',
  'recvRoomTransparentMessage',
  'soundLevelUpdate',
  'capturedSoundLevelUpdate',
  'exceptionUpdate',
  'networkQuality',
  'mixerSoundLevelUpdate',
  'autoMixerSoundLevelUpdate',
  'mixerRelayCDNStateUpdate',
  'beautyEffectError',
  'backgroundEffectError',
  'recvExperimentalAPI',
]);

/** `on`/`off` with the SDK's contract: boolean results, `off(name)` without a callback removes all of that name. */
export class Emitter {
  private listeners = new Map<string, Set<Listener>>();

  on(name: string, fn: unknown): boolean {
    if (!SUPPORTED_EVENTS.has(name) || typeof fn !== 'function') return false;
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn as Listener);
    return true;
  }

  off(name: string, fn?: unknown): boolean {
    const set = this.listeners.get(name);
    if (!set) return false;
    if (fn === undefined) return this.listeners.delete(name);
    return set.delete(fn as Listener);
  }

  /** A throwing listener must not break the engine or the listeners after it: report it like the DOM does. */
  emit(name: string, args: unknown[]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (...a: unknown[]) => void)(...args);
      } catch (e) {
        if (typeof reportError === 'function') reportError(e);
        else
          setTimeout(() => {
            throw e;
          });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
