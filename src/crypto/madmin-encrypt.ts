/**
 * madmin-go's EncryptData / DecryptData format (encrypt.go), which MinIO's admin API uses for
 * bodies that carry secrets (list-users, service accounts, ...):
 *
 *   salt (32) | AEAD id (1) | nonce (8) | sio stream of the data
 *   id 0x00: key = Argon2id(password, salt, t=1, m=64 MiB, p=4, 32), AES-256-GCM
 *   id 0x01: key = Argon2id(...) as above, ChaCha20-Poly1305
 *   id 0x02: key = PBKDF2-HMAC-SHA256(password, salt, 8192, 32), AES-256-GCM
 *
 * The password is the secret key of the admin request's signer. The sio stream (secure-io/sio-go,
 * sio.go / writer.go) cuts the data into fragments of BUF_SIZE (16 KiB) bytes, the last one
 * holding the remaining 0..BUF_SIZE bytes (a non-empty input always ends with a non-empty final
 * fragment). Fragment i is sealed with nonce = nonce8 | uint32le(i) and associated data
 * flag | tag0, where tag0 is the AEAD tag of an empty message sealed under sequence number 0
 * with the caller's associated data (empty here), and flag is 0x00, or 0x80 for the final
 * fragment. Data fragments are numbered from 1; the final fragment takes the next number.
 *
 * This module encrypts with id 0x02 (every madmin client decrypts it, and PBKDF2 is cheap) and
 * decrypts all three ids; Argon2id (64 MiB, argon2id.ts) runs one derivation at a time, as
 * madmin's argon2Mu does.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, type CipherGCMTypes } from 'node:crypto';
import { argon2id } from './argon2id.js';

export const BUF_SIZE = 1 << 14;
const TAG = 16;
const SALT = 32;
const NONCE = 8;
const HEADER = SALT + 1 + NONCE;
export const PBKDF2_AES_GCM = 0x02;
const PBKDF2_COST = 8192;

export type SioAlgorithm = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';

export class MadminDecryptError extends Error {
  readonly code = 'ERR_MADMIN_DECRYPT';
}

const ARGON2ID_AES_GCM = 0x00;
const ARGON2ID_CHACHA20_POLY1305 = 0x01;

function seal(alg: SioAlgorithm, key: Buffer, nonce: Buffer, plain: Buffer, ad: Buffer): Buffer {
  const c = alg === 'chacha20-poly1305'
    ? createCipheriv(alg, key, nonce, { authTagLength: TAG })
    : createCipheriv(alg as CipherGCMTypes, key, nonce, { authTagLength: TAG });
  c.setAAD(ad, { plaintextLength: plain.length });
  const out = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([out, c.getAuthTag()]);
}

function open(alg: SioAlgorithm, key: Buffer, nonce: Buffer, sealed: Buffer, ad: Buffer): Buffer {
  if (sealed.length < TAG) throw new MadminDecryptError('sio: data is not authentic');
  const body = sealed.subarray(0, sealed.length - TAG);
  const d = alg === 'chacha20-poly1305'
    ? createDecipheriv(alg, key, nonce, { authTagLength: TAG })
    : createDecipheriv(alg as CipherGCMTypes, key, nonce, { authTagLength: TAG });
  d.setAAD(ad, { plaintextLength: body.length });
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(body), d.final()]);
  } catch {
    throw new MadminDecryptError('sio: data is not authentic');
  }
}

function nonceFor(nonce8: Buffer, seq: number): Buffer {
  const n = Buffer.alloc(nonce8.length + 4);
  nonce8.copy(n);
  n.writeUInt32LE(seq, nonce8.length);
  return n;
}

/** flag | tag0: the associated data of every fragment. */
function fragmentAd(alg: SioAlgorithm, key: Buffer, nonce8: Buffer, ad: Buffer, final: boolean): Buffer {
  const tag0 = seal(alg, key, nonceFor(nonce8, 0), Buffer.alloc(0), ad);
  return Buffer.concat([Buffer.from([final ? 0x80 : 0x00]), tag0]);
}

export interface SioParams {
  readonly alg: SioAlgorithm;
  readonly key: Buffer;
  /** The AEAD nonce size minus 4 (8 bytes for AES-GCM and ChaCha20-Poly1305). */
  readonly nonce: Buffer;
  readonly associatedData?: Buffer;
  readonly bufSize?: number;
}

/** sio-go's Stream.EncryptWriter over the whole of `plain`. */
export function sioEncrypt(p: SioParams, plain: Buffer): Buffer {
  const buf = p.bufSize ?? BUF_SIZE;
  const ad = p.associatedData ?? Buffer.alloc(0);
  const mid = fragmentAd(p.alg, p.key, p.nonce, ad, false);
  const out: Buffer[] = [];
  let seq = 1;
  let at = 0;
  while (plain.length - at > buf) {
    out.push(seal(p.alg, p.key, nonceFor(p.nonce, seq++), plain.subarray(at, at + buf), mid));
    at += buf;
  }
  out.push(seal(p.alg, p.key, nonceFor(p.nonce, seq), plain.subarray(at), fragmentAd(p.alg, p.key, p.nonce, ad, true)));
  return Buffer.concat(out);
}

/** sio-go's Stream.DecryptReader over the whole of `sealed`. */
export function sioDecrypt(p: SioParams, sealed: Buffer): Buffer {
  const chunk = (p.bufSize ?? BUF_SIZE) + TAG;
  const ad = p.associatedData ?? Buffer.alloc(0);
  const mid = fragmentAd(p.alg, p.key, p.nonce, ad, false);
  const out: Buffer[] = [];
  let seq = 1;
  let at = 0;
  while (sealed.length - at > chunk) {
    out.push(open(p.alg, p.key, nonceFor(p.nonce, seq++), sealed.subarray(at, at + chunk), mid));
    at += chunk;
  }
  out.push(open(p.alg, p.key, nonceFor(p.nonce, seq), sealed.subarray(at), fragmentAd(p.alg, p.key, p.nonce, ad, true)));
  return Buffer.concat(out);
}

function pbkdf2Key(password: string, salt: Buffer): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, PBKDF2_COST, 32, 'sha256');
}

/** madmin.EncryptData with id 0x02 (PBKDF2-SHA256, AES-256-GCM). `salt` / `nonce` are for known-answer tests. */
export function encryptData(password: string, data: Buffer, fixed?: { salt: Buffer; nonce: Buffer }): Buffer {
  const salt = fixed?.salt ?? randomBytes(SALT);
  const nonce = fixed?.nonce ?? randomBytes(NONCE);
  const body = sioEncrypt({ alg: 'aes-256-gcm', key: pbkdf2Key(password, salt), nonce }, data);
  return Buffer.concat([salt, Buffer.from([PBKDF2_AES_GCM]), nonce, body]);
}

/** madmin's Argon2id key: t=1, m=64 MiB, p=4, 32 bytes. */
export function argon2Key(password: string, salt: Buffer): Buffer {
  return argon2id({ password: Buffer.from(password, 'utf8'), salt, passes: 1, memoryKiB: 64 * 1024, parallelism: 4, tagLength: 32 });
}

/** madmin.DecryptData: ids 0x00 (Argon2id, AES-256-GCM), 0x01 (Argon2id, ChaCha20-Poly1305), 0x02 (PBKDF2, AES-256-GCM). */
export function decryptData(password: string, data: Buffer): Buffer {
  if (data.length < HEADER) throw new MadminDecryptError('unexpected header');
  const id = data[SALT]!;
  const salt = data.subarray(0, SALT);
  const nonce = data.subarray(SALT + 1, HEADER);
  const body = data.subarray(HEADER);
  if (id === PBKDF2_AES_GCM) return sioDecrypt({ alg: 'aes-256-gcm', key: pbkdf2Key(password, salt), nonce }, body);
  if (id === ARGON2ID_AES_GCM || id === ARGON2ID_CHACHA20_POLY1305) {
    const alg = id === ARGON2ID_AES_GCM ? 'aes-256-gcm' : 'chacha20-poly1305';
    return sioDecrypt({ alg, key: argon2Key(password, salt), nonce }, body);
  }
  throw new MadminDecryptError('madmin: invalid encryption algorithm ID');
}

/** madmin.EncryptData as a non-FIPS madmin client sends it (id 0x00 or 0x01), for tests and clients. */
export function encryptDataArgon2(password: string, data: Buffer, alg: 'aes-256-gcm' | 'chacha20-poly1305', fixed?: { salt: Buffer; nonce: Buffer }): Buffer {
  const salt = fixed?.salt ?? randomBytes(SALT);
  const nonce = fixed?.nonce ?? randomBytes(NONCE);
  const body = sioEncrypt({ alg, key: argon2Key(password, salt), nonce }, data);
  return Buffer.concat([salt, Buffer.from([alg === 'aes-256-gcm' ? ARGON2ID_AES_GCM : ARGON2ID_CHACHA20_POLY1305]), nonce, body]);
}
