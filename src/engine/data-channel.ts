/**
 * The data channel beside each play connection: SEI (`sendSEI` -> `playerRecvSEI`) and real-time sequential data
 * travel from the publisher to each player on it. Negotiated (id 0, both sides create it), so no extra signalling:
 * the player creates it before its offer, which puts the `m=application` line in the SDP, and the publisher creates
 * its end once it has read that offer. Each message is one byte of kind, then the payload.
 */

export const DataKind = {
  SEI: 1,
  SEQUENTIAL: 2,
} as const;

export type DataKindValue = (typeof DataKind)[keyof typeof DataKind];

export function openDataChannel(pc: RTCPeerConnection): RTCDataChannel {
  const channel = pc.createDataChannel('zego', { negotiated: true, id: 0, ordered: true });
  channel.binaryType = 'arraybuffer';
  return channel;
}

/** Sends one message if the channel is open; false otherwise (a player still connecting misses it, as with SEI). */
export function sendData(channel: RTCDataChannel, kind: DataKindValue, payload: Uint8Array): boolean {
  if (channel.readyState !== 'open') return false;
  const message = new Uint8Array(payload.byteLength + 1);
  message[0] = kind;
  message.set(payload, 1);
  try {
    channel.send(message);
    return true;
  } catch {
    return false;
  }
}

/** Splits a received message into its kind and payload; null for anything malformed. */
export function readData(data: unknown): { kind: number; payload: Uint8Array } | null {
  if (!(data instanceof ArrayBuffer) || data.byteLength < 1) return null;
  const bytes = new Uint8Array(data);
  return { kind: bytes[0], payload: bytes.subarray(1) };
}
