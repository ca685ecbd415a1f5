/**
 * SigV4 key derivation and signature comparison.
 *   kDate = HMAC("AWS4" + secret, yyyymmdd); kRegion = HMAC(kDate, region);
 *   kService = HMAC(kRegion, service); kSigning = HMAC(kService, "aws4_request")
 * Derived keys are cached per (secret, date, region, service) in a bounded cache owned by
 * the caller (no module-level state), so a busy server derives one key per day per key.
 */
import { createHash, createHmac } from 'node:crypto';
import { PreparedHmac } from './prepared-hmac.js';

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

/** A derived signing key and its HMAC, prepared once (prepared-hmac.ts). */
export interface SigningKey {
  readonly key: Buffer;
  readonly mac: PreparedHmac;
}

/** Bounded insertion-ordered cache of derived signing keys. */
export class SigningKeyCache {
  readonly #entries = new Map<string, SigningKey>();
  readonly #max: number;
  #lastSecret: string | undefined;
  #lastSecretId = '';
  #last: { readonly secret: string; readonly date: string; readonly region: string; readonly service: string; readonly entry: SigningKey } | undefined;

  constructor(maxEntries: number = DEFAULT_CACHE_ENTRIES) {
    this.#max = Math.max(1, maxEntries);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The derived signing key. */
  get(secret: string, date: string, region: string, service: string): Buffer {
    return this.entry(secret, date, region, service).key;
  }

  /** The derived signing key with its prepared HMAC. */
  entry(secret: string, date: string, region: string, service: string): SigningKey {
    // Requests mostly come from one key in a row: the last answer is checked first.
    const last = this.#last;
    if (last !== undefined && last.secret === secret && last.date === date && last.region === region && last.service === service) return last.entry;
    const entry = this.#lookup(secret, date, region, service);
    this.#last = { secret, date, region, service, entry };
    return entry;
  }

  #lookup(secret: string, date: string, region: string, service: string): SigningKey {
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
    const entry: SigningKey = { key, mac: new PreparedHmac(key) };
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(id, entry);
    return entry;
  }
}

/** Constant-time comparison of two signatures given as strings (hex or base64). */
export { constantTimeEqual as signaturesEqual } from '../../util/constant-time.js';
