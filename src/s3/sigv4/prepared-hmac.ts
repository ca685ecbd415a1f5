/**
 * HMAC-SHA256 (RFC 2104) under a key prepared once, for the one MAC every signed request
 * computes (its string to sign, under the cached signing key):
 *   HMAC(K, m) = SHA256((K ^ opad) || SHA256((K ^ ipad) || m))
 * The two padded keys are kept, and each MAC is two one-shot SHA-256 calls (`crypto.hash`, Node
 * 20.12+) over a reused buffer. `createHmac` sets up an OpenSSL HMAC context per call: in a
 * profile of small signed GETs it was ~4.5% of the server's CPU, and in a loop it takes 2.0-2.3 µs
 * against 1.4-1.6 µs here. Without `crypto.hash`, or for a message longer than the scratch
 * buffer, `createHmac` answers. The result is the same bytes either way (tested against it).
 */
import * as nodeCrypto from 'node:crypto';

const BLOCK_BYTES = 64;
const SHA256_BYTES = 32;
/** Messages up to this many UTF-16 units fit the scratch buffer (3 UTF-8 bytes each at most). */
const MAX_FAST_CHARS = 1024;

type OneShot = (algorithm: string, data: Uint8Array, outputEncoding: 'hex' | 'buffer') => string | Buffer;
const oneShot = typeof nodeCrypto.hash === 'function' ? (nodeCrypto.hash as unknown as OneShot) : undefined;

/**
 * Scratch space shared by every key: each MAC is computed synchronously from the first copy to the
 * last hash, so no other call can touch it in between; nothing is kept across calls.
 */
const innerScratch = Buffer.alloc(BLOCK_BYTES + MAX_FAST_CHARS * 3);
const outerScratch = Buffer.alloc(BLOCK_BYTES + SHA256_BYTES);

export class PreparedHmac {
  readonly #key: Buffer;
  /** K ^ ipad and K ^ opad (64 bytes each). */
  readonly #innerPad: Buffer;
  readonly #outerPad: Buffer;

  constructor(key: Uint8Array) {
    const k = key.length > BLOCK_BYTES ? nodeCrypto.createHash('sha256').update(key).digest() : key;
    this.#key = Buffer.from(key);
    this.#innerPad = Buffer.alloc(BLOCK_BYTES, 0x36);
    this.#outerPad = Buffer.alloc(BLOCK_BYTES, 0x5c);
    for (let i = 0; i < k.length; i++) {
      this.#innerPad[i]! ^= k[i]!;
      this.#outerPad[i]! ^= k[i]!;
    }
  }

  /** HMAC-SHA256 of the UTF-8 encoding of `message`, as lower-case hex. */
  hex(message: string): string {
    if (oneShot === undefined || message.length > MAX_FAST_CHARS) {
      return nodeCrypto.createHmac('sha256', this.#key).update(message, 'utf8').digest('hex');
    }
    this.#innerPad.copy(innerScratch, 0);
    const n = innerScratch.write(message, BLOCK_BYTES, 'utf8');
    const innerDigest = oneShot('sha256', innerScratch.subarray(0, BLOCK_BYTES + n), 'buffer') as Buffer;
    this.#outerPad.copy(outerScratch, 0);
    innerDigest.copy(outerScratch, BLOCK_BYTES);
    return oneShot('sha256', outerScratch, 'hex') as string;
  }
}
