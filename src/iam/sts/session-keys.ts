/**
 * New temporary key pairs, shaped as AWS's: a 20-character access key starting `ASIA`
 * (temporary keys; long-term ones start `AKIA`) and a 40-character secret.
 */
import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const SESSION_KEY_PREFIX = 'ASIA';

export function isSessionAccessKey(accessKey: string): boolean {
  return accessKey.length === 20 && accessKey.startsWith(SESSION_KEY_PREFIX);
}

export function newSessionKeyPair(): { accessKey: string; secretKey: string } {
  const bytes = randomBytes(16);
  let ak = SESSION_KEY_PREFIX;
  for (let i = 0; i < 16; i++) ak += BASE32[bytes[i]! & 31];
  const secretKey = randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
  return { accessKey: ak, secretKey };
}
