/**
 * SigV4 key derivation and signature comparison.
 *   kDate = HMAC("AWS4" + secret, yyyymmdd); kRegion = HMAC(kDate, region);
 *   kService = HMAC(kRegion, service); kSigning = HMAC(kService, "aws4_request")
 * Derived keys are cached per (secret, date, region, service) in a bounded cache owned by
 * the caller (no module-level state), so a busy server derives one key per day per key.
 */
import { createHash, createHmac } from 'node:crypto';

export function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function hmacHex(key: Uint8Array, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac('AWS4' + secret, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

const DEFAULT_CACHE_ENTRIES = 4096;

/** HMAC-SHA256 of a text's UTF-8 bytes under a key, as lower-case hex. */
export type MacHex = (key: Buffer, text: string) => string;

/**
 * Bounded insertion-ordered cache of derived signing keys, and the MAC that signatures under
 * them are checked with: `hmacHex` (createHmac) unless the owner hands a faster one (the S3
 * pipeline: the thread's AEAD engine, crypto/hmac-sha256.ts; the pure core cannot import it).
 */
export class SigningKeyCache {
  readonly macHex: MacHex;
  readonly #entries = new Map<string, Buffer>();
  readonly #max: number;
  #lastSecret: string | undefined;
  #lastSecretId = '';
  #last: { readonly secret: string; readonly date: string; readonly region: string; readonly service: string; readonly key: Buffer } | undefined;

  constructor(maxEntries: number = DEFAULT_CACHE_ENTRIES, macHex: MacHex = hmacHex) {
    this.#max = Math.max(1, maxEntries);
    this.macHex = macHex;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(secret: string, date: string, region: string, service: string): Buffer {
    // Requests mostly come from one key in a row: the last answer is checked first.
    const last = this.#last;
    if (last !== undefined && last.secret === secret && last.date === date && last.region === region && last.service === service) return last.key;
    const key = this.#lookup(secret, date, region, service);
    this.#last = { secret, date, region, service, key };
    return key;
  }

  #lookup(secret: string, date: string, region: string, service: string): Buffer {
    // The secret is hashed into the cache key so the map never holds secrets in clear. The
    // hash of the last secret seen is kept (requests mostly come from one key in a row): one
    // sha256 less per request. The secret itself is held by the credential store anyway.
    if (secret !== this.#lastSecret) {
      this.#lastSecretId = createHash('sha256').update(secret).digest('base64');
      this.#lastSecret = secret;
    }
    const id = this.#lastSecretId + '\0' + date + '\0' + region + '\0' + service;
    const hit = this.#entries.get(id);
    if (hit !== undefined) return hit;
    const key = deriveSigningKey(secret, date, region, service);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(id, key);
    return key;
  }
}

/** Constant-time comparison of two signatures given as strings (hex or base64). */
export { constantTimeEqual as signaturesEqual } from '../../util/constant-time.js';
