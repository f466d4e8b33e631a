/**
 * Reads the expiry that a ZEGO Token04 carries in clear (its first 8 bytes), as the Web SDK does to fire
 * `tokenWillExpire`. No secret and no integrity: only for scheduling, never for trusting a token.
 * Pure (atob), for the browser engine and the Node server alike.
 */

/** Unix seconds, or 0 when the token is not a readable Token04. */
export function tokenExpireOf(token: unknown): number {
  if (typeof token !== 'string' || !token.startsWith('04') || token.length < 14) return 0;
  let head: string;
  try {
    // 12 base64 characters decode to the first 9 bytes, enough for the 8-byte expiry.
    head = atob(token.slice(2, 14));
  } catch {
    return 0;
  }
  let hi = 0;
  for (let i = 0; i < 4; i++) hi = hi * 256 + head.charCodeAt(i);
  let lo = 0;
  for (let i = 4; i < 8; i++) lo = lo * 256 + head.charCodeAt(i);
  // Past 2^53 (or negative as int64) is not a time anyone issues.
  if (hi >= 0x200000) return 0;
  return hi * 0x1_0000_0000 + lo;
}
