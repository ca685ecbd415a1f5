/**
 * Argon2id (RFC 9106, version 0x13), for the madmin-encrypted admin request bodies
 * (madmin-encrypt.ts: t=1, m=64 MiB, p=4, 32-byte key). Node 20 has no Argon2.
 *
 * Memory is one Uint32Array of 1 KiB blocks (256 words, each 64-bit word as lo, hi). The
 * compression G is BLAKE2b's round without message words and with the multiplication
 * 2 * lo32(a) * lo32(b) added (fBlaMka), applied to the 8 rows then the 8 columns of 16-byte
 * registers. Lanes are filled one after another within each slice (the result does not depend
 * on the order; the reference implementation runs them on threads). Blocks are referenced as
 * RFC 9106 section 3.4 says: data-independent (Argon2i) addresses in the first two slices of the
 * first pass, data-dependent (Argon2d) ones after.
 */
import { createHash } from 'node:crypto';
import { blake2b } from './blake2b.js';

const WORDS = 256; // 32-bit words per 1 KiB block
const SYNC_POINTS = 4;
const VERSION = 0x13;
const ARGON2ID = 2;

export interface Argon2Params {
  readonly password: Buffer;
  readonly salt: Buffer;
  /** Passes (t). */
  readonly passes: number;
  /** KiB (m). */
  readonly memoryKiB: number;
  /** Lanes (p). */
  readonly parallelism: number;
  readonly tagLength: number;
  readonly secret?: Buffer;
  readonly associatedData?: Buffer;
}

const le32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };

/** H'^T (RFC 9106 section 3.3). */
function hPrime(input: Buffer, outLen: number): Buffer {
  const x = Buffer.concat([le32(outLen), input]);
  if (outLen <= 64) return outLen === 64 ? createHash('blake2b512').update(x).digest() : blake2b(x, outLen);
  const r = Math.ceil(outLen / 32) - 2;
  const parts: Buffer[] = [];
  let v = createHash('blake2b512').update(x).digest();
  parts.push(v.subarray(0, 32));
  for (let i = 2; i <= r; i++) {
    v = createHash('blake2b512').update(v).digest();
    parts.push(v.subarray(0, 32));
  }
  const last = outLen - 32 * r;
  parts.push(last === 64 ? createHash('blake2b512').update(v).digest() : blake2b(v, last));
  return Buffer.concat(parts);
}

/** One BLAKE2b-style GB on words a, b, c, d of `v` (lo at 2i, hi at 2i+1), with fBlaMka. */
function gb(v: Uint32Array, a: number, b: number, c: number, d: number): void {
  fBlaMka(v, a, b); rotrXor(v, d, a, 32);
  fBlaMka(v, c, d); rotrXor(v, b, c, 24);
  fBlaMka(v, a, b); rotrXor(v, d, a, 16);
  fBlaMka(v, c, d); rotrXor(v, b, c, 63);
}

/** v[x] = v[x] + v[y] + 2 * lo(v[x]) * lo(v[y]) (mod 2^64). */
function fBlaMka(v: Uint32Array, x: number, y: number): void {
  const xl = v[2 * x]!, xh = v[2 * x + 1]!, yl = v[2 * y]!, yh = v[2 * y + 1]!;
  const a0 = xl & 0xffff, a1 = xl >>> 16, b0 = yl & 0xffff, b1 = yl >>> 16;
  const cross = a0 * b1 + a1 * b0 + ((a0 * b0) >>> 16);
  const pl = Math.imul(xl, yl) >>> 0;
  const ph = (a1 * b1 + Math.floor(cross / 65536)) >>> 0;
  const dl = (pl << 1) >>> 0;
  const dh = ((ph << 1) | (pl >>> 31)) >>> 0;
  let lo = xl + yl;
  let hi = xh + yh + (lo > 0xffffffff ? 1 : 0);
  lo >>>= 0;
  const lo2 = lo + dl;
  hi = hi + dh + (lo2 > 0xffffffff ? 1 : 0);
  v[2 * x] = lo2 >>> 0;
  v[2 * x + 1] = hi >>> 0;
}

/** v[x] = rotr64(v[x] ^ v[y], n). */
function rotrXor(v: Uint32Array, x: number, y: number, n: number): void {
  const l = (v[2 * x]! ^ v[2 * y]!) >>> 0, h = (v[2 * x + 1]! ^ v[2 * y + 1]!) >>> 0;
  let rl: number, rh: number;
  if (n === 32) { rl = h; rh = l; } else if (n === 63) {
    rl = ((l << 1) | (h >>> 31)) >>> 0; rh = ((h << 1) | (l >>> 31)) >>> 0;
  } else {
    rl = ((l >>> n) | (h << (32 - n))) >>> 0; rh = ((h >>> n) | (l << (32 - n))) >>> 0;
  }
  v[2 * x] = rl; v[2 * x + 1] = rh;
}

/** P on the 16 64-bit words at word indices w[0..15] of `v`. */
function permute(v: Uint32Array, w: readonly number[]): void {
  gb(v, w[0]!, w[4]!, w[8]!, w[12]!); gb(v, w[1]!, w[5]!, w[9]!, w[13]!);
  gb(v, w[2]!, w[6]!, w[10]!, w[14]!); gb(v, w[3]!, w[7]!, w[11]!, w[15]!);
  gb(v, w[0]!, w[5]!, w[10]!, w[15]!); gb(v, w[1]!, w[6]!, w[11]!, w[12]!);
  gb(v, w[2]!, w[7]!, w[8]!, w[13]!); gb(v, w[3]!, w[4]!, w[9]!, w[14]!);
}

const ROWS = Array.from({ length: 8 }, (_, i) => Array.from({ length: 16 }, (_, k) => 16 * i + k));
const COLS = Array.from({ length: 8 }, (_, i) => Array.from({ length: 16 }, (_, k) => 2 * i + (k % 2) + 16 * Math.floor(k / 2)));

const R = new Uint32Array(WORDS);
const Z = new Uint32Array(WORDS);

/** next = G(prev, ref) (xor'd into next when `withXor`: passes after the first). */
function fillBlock(mem: Uint32Array, prev: number, ref: number, next: number, withXor: boolean): void {
  for (let i = 0; i < WORDS; i++) R[i] = mem[prev * WORDS + i]! ^ mem[ref * WORDS + i]!;
  Z.set(R);
  for (const row of ROWS) permute(Z, row);
  for (const col of COLS) permute(Z, col);
  const base = next * WORDS;
  for (let i = 0; i < WORDS; i++) mem[base + i] = (withXor ? mem[base + i]! : 0) ^ R[i]! ^ Z[i]!;
}

/** G(0, G(0, input)) into `out` (the Argon2i address block). */
function nextAddresses(input: Uint32Array, out: Uint32Array): void {
  input[12] = (input[12]! + 1) >>> 0; // the counter, word 6 (lo)
  const tmp = new Uint32Array(3 * WORDS); // zero | input | out
  tmp.set(input, WORDS);
  fillBlock(tmp, 0, 1, 2, false);
  tmp.copyWithin(WORDS, 2 * WORDS, 3 * WORDS);
  fillBlock(tmp, 0, 1, 2, false);
  out.set(tmp.subarray(2 * WORDS));
}

export function argon2id(p: Argon2Params): Buffer {
  const lanes = p.parallelism;
  const blocks = 4 * lanes * Math.floor(p.memoryKiB / (4 * lanes));
  const laneLen = blocks / lanes;
  const segLen = laneLen / SYNC_POINTS;
  const secret = p.secret ?? Buffer.alloc(0);
  const ad = p.associatedData ?? Buffer.alloc(0);
  const h0 = createHash('blake2b512').update(Buffer.concat([
    le32(lanes), le32(p.tagLength), le32(p.memoryKiB), le32(p.passes), le32(VERSION), le32(ARGON2ID),
    le32(p.password.length), p.password, le32(p.salt.length), p.salt, le32(secret.length), secret, le32(ad.length), ad,
  ])).digest();
  const mem = new Uint32Array(blocks * WORDS);
  const put = (index: number, bytes: Buffer): void => {
    for (let i = 0; i < WORDS; i++) mem[index * WORDS + i] = bytes.readUInt32LE(4 * i);
  };
  for (let l = 0; l < lanes; l++) {
    put(l * laneLen, hPrime(Buffer.concat([h0, le32(0), le32(l)]), 1024));
    put(l * laneLen + 1, hPrime(Buffer.concat([h0, le32(1), le32(l)]), 1024));
  }
  const input = new Uint32Array(WORDS);
  const addresses = new Uint32Array(WORDS);
  for (let pass = 0; pass < p.passes; pass++) {
    for (let slice = 0; slice < SYNC_POINTS; slice++) {
      for (let lane = 0; lane < lanes; lane++) {
        const independent = pass === 0 && slice < 2;
        if (independent) {
          input.fill(0);
          input[0] = pass; input[2] = lane; input[4] = slice; input[6] = blocks; input[8] = p.passes; input[10] = ARGON2ID;
        }
        let start = 0;
        if (pass === 0 && slice === 0) {
          start = 2;
          if (independent) nextAddresses(input, addresses);
        }
        let curr = lane * laneLen + slice * segLen + start;
        let prev = curr % laneLen === 0 ? curr + laneLen - 1 : curr - 1;
        for (let i = start; i < segLen; i++, curr++, prev++) {
          if (curr % laneLen === 1) prev = curr - 1;
          let j1: number, j2: number;
          if (independent) {
            if (i % 128 === 0) nextAddresses(input, addresses);
            j1 = addresses[2 * (i % 128)]!; j2 = addresses[2 * (i % 128) + 1]!;
          } else {
            j1 = mem[prev * WORDS]!; j2 = mem[prev * WORDS + 1]!;
          }
          const refLane = pass === 0 && slice === 0 ? lane : j2 % lanes;
          const sameLane = refLane === lane;
          let area: number;
          if (pass === 0) {
            area = slice === 0 ? i - 1 : slice * segLen + (sameLane ? i - 1 : (i === 0 ? -1 : 0));
          } else {
            area = laneLen - segLen + (sameLane ? i - 1 : (i === 0 ? -1 : 0));
          }
          const x = Number((BigInt(j1) * BigInt(j1)) >> 32n);
          const rel = area - 1 - Number((BigInt(area) * BigInt(x)) >> 32n);
          const startPos = pass === 0 ? 0 : (slice === SYNC_POINTS - 1 ? 0 : (slice + 1) * segLen);
          const refIndex = (startPos + rel) % laneLen;
          fillBlock(mem, prev, refLane * laneLen + refIndex, curr, pass > 0);
        }
      }
    }
  }
  const final = new Uint32Array(WORDS);
  for (let l = 0; l < lanes; l++) for (let i = 0; i < WORDS; i++) final[i] = final[i]! ^ mem[(l * laneLen + laneLen - 1) * WORDS + i]!;
  const c = Buffer.alloc(1024);
  for (let i = 0; i < WORDS; i++) c.writeUInt32LE(final[i]!, 4 * i);
  return hPrime(c, p.tagLength);
}
