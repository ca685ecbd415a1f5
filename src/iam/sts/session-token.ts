/**
 * The session token codec: AES-256-GCM over the JSON of SessionClaims with a cluster key, so a
 * token is tamper-proof (a changed byte fails authentication) and reveals nothing (no claim,
 * not even the secret, is readable without the key).
 *
 * Token = base64url( 0x01 | iv (12) | ciphertext | tag (16) ); the additional data binds the
 * format version. The access key the request was signed with must be the one sealed inside.
 * The key is derived from the cluster root secret with HKDF-SHA256 (`fromRootSecret`): every
 * `--workers` process derives the same key, and changing the root password revokes every
 * session. Pure (node:crypto only; no clock: expiry is the resolver's job).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SessionTokenInvalidError } from '../../errors/domain-errors.js';
import type { SessionClaims } from './session-claims.js';

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('cairn-sts-session-token-v1');
/** A token longer than this is refused before any crypto (AWS accepts up to a few KiB). */
export const MAX_TOKEN_CHARS = 8192;

export class SessionTokenCodec {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new RangeError('the session token key must be 32 bytes');
    this.#key = key;
  }

  /** HKDF-SHA256(root secret, salt `cairn-sts`, info `session-token-key-v1`) -> 32 bytes. */
  static fromRootSecret(rootSecret: string): SessionTokenCodec {
    const key = Buffer.from(hkdfSync('sha256', Buffer.from(rootSecret, 'utf8'), 'cairn-sts', 'session-token-key-v1', 32));
    return new SessionTokenCodec(key);
  }

  seal(claims: SessionClaims): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The claims of a token sealed by this key for `accessKey`; SessionTokenInvalidError otherwise. */
  open(accessKey: string, token: string): SessionClaims {
    if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) throw new SessionTokenInvalidError('not a session token');
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 1 + IV_BYTES + TAG_BYTES + 2 || raw[0] !== VERSION) throw new SessionTokenInvalidError('unknown token format');
    const iv = raw.subarray(1, 1 + IV_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES);
    let text: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SessionTokenInvalidError('authentication failed');
    }
    const claims = parseClaims(text);
    if (claims.accessKey !== accessKey) throw new SessionTokenInvalidError('the token belongs to another access key');
    return claims;
  }
}

function parseClaims(text: string): SessionClaims {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { throw new SessionTokenInvalidError('unreadable claims'); }
  if (typeof doc !== 'object' || doc === null) throw new SessionTokenInvalidError('unreadable claims');
  const c = doc as Partial<SessionClaims>;
  if (c.v !== 1 || typeof c.accessKey !== 'string' || typeof c.secret !== 'string' || typeof c.expiresAt !== 'number'
    || typeof c.accountId !== 'string' || (c.kind !== 'role' && c.kind !== 'user' && c.kind !== 'federated' && c.kind !== 'federation')) {
    throw new SessionTokenInvalidError('unreadable claims');
  }
  return c as SessionClaims;
}
