// What a page that is not a secure context lacks: browsers give a page opened over plain http from another machine
// (a LAN address) neither `navigator.mediaDevices` nor `crypto.randomUUID`. The kit still joins and plays there;
// capture fails with a line that says why.

/** Why capture cannot work on this page: set only outside a secure context. */
export const INSECURE_CAPTURE = 'camera and microphone need a secure context: open this page over https:// (or on localhost)';

/** True on a page that is not a secure context (plain http other than localhost): no camera, no microphone. */
export const insecurePage = (): boolean => typeof isSecureContext === 'boolean' && !isSecureContext;

/** `navigator.mediaDevices.getUserMedia`, or a NotAllowedError saying why on a page that has no `mediaDevices`. */
export function getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  const md = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (typeof md?.getUserMedia !== 'function') return Promise.reject(new DOMException(INSECURE_CAPTURE, 'NotAllowedError'));
  return md.getUserMedia(constraints);
}

let counter = 0;

/** A random UUID; outside a secure context (no `crypto.randomUUID`), one made from `crypto.getRandomValues`. */
export function randomId(): string {
  if (typeof globalThis.crypto?.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof globalThis.crypto?.getRandomValues === 'function') globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = (Math.random() * 256) ^ (++counter & 0xff);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
