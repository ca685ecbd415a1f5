/**
 * CRC combination: crc(A ‖ B) from crc(A), crc(B) and len(B), without the data.
 *
 * For a reflected CRC whose init equals its xorout (true of CRC-32, CRC-32C and
 * CRC-64/NVME, all ones), crc(A ‖ B) = crc(A) · x^(8·len(B)) mod P  ⊕  crc(B).
 * This is zlib's crc32_combine method: multiplication modulo P in the reflected bit order
 * (bit width-1 is x^0), with a table of x^(2^k) mod P. Values are held as two unsigned 32-bit
 * halves (hi is always 0 for the 32-bit CRCs), so no BigInt is involved: combining 10,000
 * parts of distinct sizes takes milliseconds. x^(8n) is also cached per length n.
 */

export type CrcAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME';

/** A value of up to 64 bits as unsigned 32-bit halves. */
interface U64 { hi: number; lo: number }

interface CrcParams {
  readonly width: 32 | 64;
  readonly polyHi: number;
  readonly polyLo: number;
  readonly bytes: number;
  /** x^(2^k) mod P for k = 0..63. */
  readonly x2n: U64[];
  /** x^(8n) mod P by byte length n (bounded cache). */
  readonly byLength: Map<number, U64>;
}

const LENGTH_CACHE_MAX = 1024;

/** x^0 in reflected order: the top bit. */
function one(p: CrcParams): U64 {
  return p.width === 64 ? { hi: 0x80000000, lo: 0 } : { hi: 0, lo: 0x80000000 };
}

/** a · b mod P (reflected bit order), 32-bit CRCs. */
function mult32(a: number, b: number, poly: number): number {
  let prod = 0;
  for (let i = 0; i < 32; i++) {
    if ((a >>> (31 - i)) & 1) {
      prod ^= b;
      if (i === 31 || (a << (i + 1)) === 0) break; // no lower bits left in a
    }
    b = b & 1 ? (b >>> 1) ^ poly : b >>> 1;
  }
  return prod >>> 0;
}

/** a · b mod P (reflected bit order), 64-bit CRCs as halves. */
function mult64(a: U64, b: U64, polyHi: number, polyLo: number): U64 {
  let ph = 0;
  let pl = 0;
  let bh = b.hi;
  let bl = b.lo;
  const ah = a.hi;
  const al = a.lo;
  for (let i = 0; i < 64; i++) {
    const isSet = i < 32 ? (ah >>> (31 - i)) & 1 : (al >>> (63 - i)) & 1;
    if (isSet) {
      ph ^= bh;
      pl ^= bl;
      const rest = i < 31 ? (ah << (i + 1)) | al : i < 63 ? al << (i - 31) : 0;
      if (rest === 0) break;
    }
    const lsb = bl & 1;
    bl = (bl >>> 1) | (bh << 31);
    bh = bh >>> 1;
    if (lsb) { bh ^= polyHi; bl ^= polyLo; }
  }
  return { hi: ph >>> 0, lo: pl >>> 0 };
}

function multModP(p: CrcParams, a: U64, b: U64): U64 {
  return p.width === 64 ? mult64(a, b, p.polyHi, p.polyLo) : { hi: 0, lo: mult32(a.lo, b.lo, p.polyLo) };
}

function makeParams(width: 32 | 64, polyHi: number, polyLo: number): CrcParams {
  const p: CrcParams = { width, polyHi, polyLo, bytes: width / 8, x2n: [], byLength: new Map() };
  // x^1 in reflected order: the bit below the top.
  let v: U64 = width === 64 ? { hi: 0x40000000, lo: 0 } : { hi: 0, lo: 0x40000000 };
  for (let k = 0; k < 64; k++) {
    p.x2n.push(v);
    v = multModP(p, v, v);
  }
  return p;
}

/** x^(8·n) mod P. */
function xPow8n(p: CrcParams, n: number): U64 {
  const cached = p.byLength.get(n);
  if (cached !== undefined) return cached;
  let result = one(p);
  let rest = n;
  for (let k = 3; rest > 0 && k < 64; k++) {
    if (rest % 2 === 1) result = multModP(p, p.x2n[k]!, result);
    rest = Math.floor(rest / 2);
  }
  if (p.byLength.size >= LENGTH_CACHE_MAX) p.byLength.clear();
  p.byLength.set(n, result);
  return result;
}

const PARAMS: Record<CrcAlgorithm, CrcParams> = {
  CRC32: makeParams(32, 0, 0xedb88320),
  CRC32C: makeParams(32, 0, 0x82f63b78),
  CRC64NVME: makeParams(64, 0x9a6c9329, 0xac4bc9b5),
};

function load(p: CrcParams, crc: Buffer): U64 {
  if (crc.length !== p.bytes) throw new RangeError(`CRC digest must be ${p.bytes} bytes, got ${crc.length}`);
  return p.bytes === 4 ? { hi: 0, lo: crc.readUInt32BE(0) } : { hi: crc.readUInt32BE(0), lo: crc.readUInt32BE(4) };
}

function store(p: CrcParams, v: U64): Buffer {
  const out = Buffer.alloc(p.bytes);
  if (p.bytes === 4) out.writeUInt32BE(v.lo, 0);
  else { out.writeUInt32BE(v.hi, 0); out.writeUInt32BE(v.lo, 4); }
  return out;
}

function checkLength(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid length ${n}`);
}

function xor(a: U64, b: U64): U64 {
  return { hi: (a.hi ^ b.hi) >>> 0, lo: (a.lo ^ b.lo) >>> 0 };
}

/** crc(A ‖ B) given crc(A), crc(B) (big-endian digests) and len(B) in bytes. */
export function crcCombine(alg: CrcAlgorithm, crcA: Buffer, crcB: Buffer, lengthB: number): Buffer {
  checkLength(lengthB);
  const p = PARAMS[alg];
  const a = load(p, crcA);
  const b = load(p, crcB);
  return store(p, xor(multModP(p, xPow8n(p, lengthB), a), b));
}

/** The CRC of the concatenation of all parts, from each part's CRC and size. */
export function crcCombineAll(alg: CrcAlgorithm, parts: readonly { readonly crc: Buffer; readonly size: number }[]): Buffer {
  const p = PARAMS[alg];
  let acc: U64 = { hi: 0, lo: 0 }; // CRC of the empty string is 0 when init == xorout
  for (const part of parts) {
    checkLength(part.size);
    const c = load(p, part.crc);
    acc = xor(multModP(p, xPow8n(p, part.size), acc), c);
  }
  return store(p, acc);
}
