/**
 * CRC combination: crc(A ‖ B) from crc(A), crc(B) and len(B), without the data.
 *
 * For a reflected CRC whose init equals its xorout (true of CRC-32, CRC-32C and
 * CRC-64/NVME, all ones), crc(A ‖ B) = crc(A) · x^(8·len(B)) mod P  ⊕  crc(B).
 * This is zlib's crc32_combine method (multiplication modulo P in the reflected bit order,
 * with a table of x^(2^k) mod P), written generically over the width with BigInt. The
 * operator x^(8n) is cached per length, so combining many equal-sized parts is cheap.
 */

export type CrcAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME';

interface CrcParams {
  readonly width: number;
  /** Reflected polynomial. */
  readonly poly: bigint;
  readonly bytes: number;
  /** x^(2^k) mod P for k = 0..63. */
  readonly x2n: bigint[];
  /** x^(8n) mod P by byte length n (bounded cache). */
  readonly byLength: Map<number, bigint>;
}

const LENGTH_CACHE_MAX = 256;

function makeParams(width: number, poly: bigint): CrcParams {
  const p: CrcParams = { width, poly, bytes: width / 8, x2n: [], byLength: new Map() };
  let v = 1n << BigInt(width - 2); // x^1 in reflected order
  for (let k = 0; k < 64; k++) {
    p.x2n.push(v);
    v = multModP(p, v, v);
  }
  return p;
}

/** a · b mod P, both in reflected bit order (bit width-1 is x^0). */
function multModP(p: CrcParams, a: bigint, b: bigint): bigint {
  if (a === 0n) return 0n;
  let m = 1n << BigInt(p.width - 1);
  let prod = 0n;
  for (let i = 0; i < p.width; i++) {
    if (a & m) {
      prod ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ p.poly : b >> 1n;
  }
  return prod;
}

/** x^(8·n) mod P. */
function xPow8n(p: CrcParams, n: number): bigint {
  const cached = p.byLength.get(n);
  if (cached !== undefined) return cached;
  let result = 1n << BigInt(p.width - 1); // x^0
  let rest = n;
  let k = 3;
  for (; rest > 0 && k < 64; k++) {
    if (rest % 2 === 1) result = multModP(p, p.x2n[k]!, result);
    rest = Math.floor(rest / 2);
  }
  if (p.byLength.size >= LENGTH_CACHE_MAX) p.byLength.clear();
  p.byLength.set(n, result);
  return result;
}

const PARAMS: Record<CrcAlgorithm, CrcParams> = {
  CRC32: makeParams(32, 0xedb88320n),
  CRC32C: makeParams(32, 0x82f63b78n),
  CRC64NVME: makeParams(64, 0x9a6c9329ac4bc9b5n),
};

function toBig(p: CrcParams, crc: Buffer): bigint {
  if (crc.length !== p.bytes) throw new RangeError(`CRC digest must be ${p.bytes} bytes, got ${crc.length}`);
  return p.bytes === 4 ? BigInt(crc.readUInt32BE(0)) : crc.readBigUInt64BE(0);
}

function fromBig(p: CrcParams, v: bigint): Buffer {
  const out = Buffer.alloc(p.bytes);
  if (p.bytes === 4) out.writeUInt32BE(Number(v), 0);
  else out.writeBigUInt64BE(v, 0);
  return out;
}

function checkLength(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid length ${n}`);
}

/** crc(A ‖ B) given crc(A), crc(B) (big-endian digests) and len(B) in bytes. */
export function crcCombine(alg: CrcAlgorithm, crcA: Buffer, crcB: Buffer, lengthB: number): Buffer {
  checkLength(lengthB);
  const p = PARAMS[alg];
  return fromBig(p, multModP(p, xPow8n(p, lengthB), toBig(p, crcA)) ^ toBig(p, crcB));
}

/** The CRC of the concatenation of all parts, from each part's CRC and size. */
export function crcCombineAll(alg: CrcAlgorithm, parts: readonly { readonly crc: Buffer; readonly size: number }[]): Buffer {
  const p = PARAMS[alg];
  let acc = 0n; // CRC of the empty string is 0 when init == xorout
  for (const part of parts) {
    checkLength(part.size);
    acc = multModP(p, xPow8n(p, part.size), acc) ^ toBig(p, part.crc);
  }
  return fromBig(p, acc);
}
