/**
 * CRC-64/NVME (the S3 `CRC64NVME` checksum): reflected polynomial 0x9a6c9329ac4bc9b5,
 * init and xorout all ones. Check value of "123456789" is 0xae8b14860a799888.
 *
 * Pure JS, slicing-by-8 over two 32-bit halves (no BigInt on the hot path), reading the
 * aligned middle of each buffer as 32-bit little-endian words. The state is
 * kept as the raw register (before xorout) in `hi`/`lo`.
 */

const POLY_HI = 0x9a6c9329;
const POLY_LO = 0xac4bc9b5;

/** Word reads below assume little-endian memory (x86, arm64); other hosts go bytewise. */
const IS_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** 8 tables of 256 entries each, split into high and low 32-bit halves. */
const T_HI = new Uint32Array(8 * 256);
const T_LO = new Uint32Array(8 * 256);

(function buildTables(): void {
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let bit = 0; bit < 8; bit++) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    T_HI[i] = hi;
    T_LO[i] = lo;
  }
  for (let t = 1; t < 8; t++) {
    for (let i = 0; i < 256; i++) {
      const pHi = T_HI[(t - 1) * 256 + i]!;
      const pLo = T_LO[(t - 1) * 256 + i]!;
      const idx = pLo & 0xff;
      // (prev >>> 8) ^ T0[prev & 0xff]
      T_LO[t * 256 + i] = (((pLo >>> 8) | (pHi << 24)) ^ T_LO[idx]!) >>> 0;
      T_HI[t * 256 + i] = ((pHi >>> 8) ^ T_HI[idx]!) >>> 0;
    }
  }
})();

/** Incremental CRC-64/NVME. */
export class Crc64Nvme {
  #hi = 0xffffffff;
  #lo = 0xffffffff;

  update(buf: Uint8Array): void {
    let hi = this.#hi;
    let lo = this.#lo;
    const n = buf.length;
    let i = 0;
    // Bytewise until 4-byte aligned, so the middle can be read as 32-bit words.
    const lead = IS_LE ? Math.min(n, (4 - (buf.byteOffset % 4)) % 4) : n;
    for (; i < lead; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ T_LO[idx]!;
      hi = (hi >>> 8) ^ T_HI[idx]!;
    }
    const words = (n - i) >>> 3;
    if (words > 0) {
      const w = new Uint32Array(buf.buffer, buf.byteOffset + i, words * 2);
      for (let j = 0; j < w.length; j += 2) {
        lo ^= w[j]!;
        hi ^= w[j + 1]!;
        const nLo =
          T_LO[1792 + (lo & 0xff)]! ^ T_LO[1536 + ((lo >>> 8) & 0xff)]! ^
          T_LO[1280 + ((lo >>> 16) & 0xff)]! ^ T_LO[1024 + (lo >>> 24)]! ^
          T_LO[768 + (hi & 0xff)]! ^ T_LO[512 + ((hi >>> 8) & 0xff)]! ^
          T_LO[256 + ((hi >>> 16) & 0xff)]! ^ T_LO[hi >>> 24]!;
        const nHi =
          T_HI[1792 + (lo & 0xff)]! ^ T_HI[1536 + ((lo >>> 8) & 0xff)]! ^
          T_HI[1280 + ((lo >>> 16) & 0xff)]! ^ T_HI[1024 + (lo >>> 24)]! ^
          T_HI[768 + (hi & 0xff)]! ^ T_HI[512 + ((hi >>> 8) & 0xff)]! ^
          T_HI[256 + ((hi >>> 16) & 0xff)]! ^ T_HI[hi >>> 24]!;
        lo = nLo;
        hi = nHi;
      }
      i += words * 8;
    }
    for (; i < n; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ T_LO[idx]!;
      hi = (hi >>> 8) ^ T_HI[idx]!;
    }
    this.#hi = hi >>> 0;
    this.#lo = lo >>> 0;
  }

  /** 8 bytes, big-endian (the byte order S3 base64-encodes). Does not reset the state. */
  digest(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32BE((this.#hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.#lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}

/** One-shot CRC-64/NVME as a bigint. */
export function crc64Nvme(buf: Uint8Array): bigint {
  const c = new Crc64Nvme();
  c.update(buf);
  return c.digest().readBigUInt64BE(0);
}
