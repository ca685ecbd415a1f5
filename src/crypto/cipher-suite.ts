/**
 * The two AEAD ciphers of server-side encryption (AES-256-GCM, ChaCha20-Poly1305), their
 * one-byte ids as stored in sealed keys, and one-shot seal/open of a buffer with the thread's
 * AEAD engine (aead-engine.ts: the system's libcrypto through the native addon, or node:crypto).
 * Every key is 32 bytes, every nonce 12 bytes, every tag 16 bytes.
 *
 * `open` returns plaintext only after the tag verified: the output is held until the tag
 * checked (and zeroed when it did not), so an unverified byte never leaves this module.
 */
import {
  createCipheriv, createDecipheriv, type CipherChaCha20Poly1305, type CipherGCM, type DecipherChaCha20Poly1305, type DecipherGCM,
} from 'node:crypto';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { nativeAead } from './aead-engine.js';

export type SseCipher = 'aes-256-gcm' | 'chacha20-poly1305';

export const SSE_CIPHERS: readonly SseCipher[] = ['aes-256-gcm', 'chacha20-poly1305'];
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

const CIPHER_IDS: Readonly<Record<SseCipher, number>> = { 'aes-256-gcm': 1, 'chacha20-poly1305': 2 };

/** The one-byte id a cipher is recorded with. */
export function cipherId(cipher: SseCipher): number {
  return CIPHER_IDS[cipher];
}

/** The cipher of a recorded id, or undefined for an id this version does not know. */
export function cipherOfId(id: number): SseCipher | undefined {
  return SSE_CIPHERS.find((c) => CIPHER_IDS[c] === id);
}

export function isSseCipher(name: string): name is SseCipher {
  return (SSE_CIPHERS as readonly string[]).includes(name);
}

/**
 * The default cipher for a CPU: AES-256-GCM when it has AES instructions, ChaCha20-Poly1305
 * (fast in software) otherwise. `cpuinfo` is the text of /proc/cpuinfo, read by the caller:
 * the `flags` line of x86 (`aes`) or the `Features` line of ARM (`aes`). Without that text
 * (another OS) AES-256-GCM is assumed, as every x86-64 and ARMv8 server CPU of the last decade has it.
 */
export function defaultCipher(cpuinfo: string | undefined): SseCipher {
  if (cpuinfo === undefined) return 'aes-256-gcm';
  const lines = cpuinfo.split('\n').filter((l) => /^(flags|Features)\s*:/.test(l));
  if (lines.length === 0) return 'aes-256-gcm';
  const hasAes = lines.every((l) => l.slice(l.indexOf(':') + 1).trim().split(/\s+/).includes('aes'));
  return hasAes ? 'aes-256-gcm' : 'chacha20-poly1305';
}

export interface AeadInput {
  readonly cipher: SseCipher;
  readonly key: Buffer;
  readonly nonce: Buffer;
  readonly aad: Buffer;
}

function encryptor(input: AeadInput): CipherGCM | CipherChaCha20Poly1305 {
  const options = { authTagLength: TAG_BYTES };
  return input.cipher === 'aes-256-gcm'
    ? createCipheriv('aes-256-gcm', input.key, input.nonce, options)
    : createCipheriv('chacha20-poly1305', input.key, input.nonce, options);
}

function decryptor(input: AeadInput): DecipherGCM | DecipherChaCha20Poly1305 {
  const options = { authTagLength: TAG_BYTES };
  return input.cipher === 'aes-256-gcm'
    ? createDecipheriv('aes-256-gcm', input.key, input.nonce, options)
    : createDecipheriv('chacha20-poly1305', input.key, input.nonce, options);
}

/** Ciphertext || 16-byte tag of `plaintext` into `out` (exactly `plaintext.length + 16` bytes, not overlapping it). */
export function sealInto(input: AeadInput, plaintext: Buffer, out: Buffer): void {
  if (out.length !== plaintext.length + TAG_BYTES) throw new RangeError(`seal: output of ${out.length} bytes for ${plaintext.length + TAG_BYTES}`);
  const native = nativeAead();
  if (native !== undefined) {
    native.seal(CIPHER_IDS[input.cipher], input.key, input.nonce, input.aad, plaintext, out);
    return;
  }
  const c = encryptor(input);
  c.setAAD(input.aad, { plaintextLength: plaintext.length });
  const body = c.update(plaintext);
  const last = c.final();
  body.copy(out, 0);
  last.copy(out, body.length);
  c.getAuthTag().copy(out, plaintext.length);
}

/** Ciphertext || 16-byte tag of `plaintext`. */
export function seal(input: AeadInput, plaintext: Buffer): Buffer {
  const out = Buffer.allocUnsafe(plaintext.length + TAG_BYTES);
  sealInto(input, plaintext, out);
  return out;
}

/**
 * Opens `sealed` (ciphertext || tag) into `out` (exactly `sealed.length - 16` bytes; it may
 * start at the same byte as `sealed`, i.e. in place, but not overlap it otherwise).
 * DecryptionFailedError(`what` failed authentication), and `out` zeroed, when the tag, key,
 * nonce or additional data do not match.
 */
export function openInto(input: AeadInput, sealed: Buffer, out: Buffer, what: string): void {
  if (sealed.length < TAG_BYTES) throw new DecryptionFailedError(`${what} is shorter than its tag`);
  if (out.length !== sealed.length - TAG_BYTES) throw new RangeError(`${what}: output of ${out.length} bytes for ${sealed.length - TAG_BYTES}`);
  const native = nativeAead();
  if (native !== undefined) {
    if (!native.open(CIPHER_IDS[input.cipher], input.key, input.nonce, input.aad, sealed, out)) {
      throw new DecryptionFailedError(`${what} failed authentication`);
    }
    return;
  }
  let plain: Buffer;
  try {
    plain = openWithNode(input, sealed, what);
  } catch (err) {
    out.fill(0);
    throw err;
  }
  plain.copy(out);
  plain.fill(0);
}

/**
 * The plaintext of `sealed` (ciphertext || tag), or DecryptionFailedError(`what` failed
 * authentication) when the tag, key, nonce or additional data do not match.
 */
export function open(input: AeadInput, sealed: Buffer, what: string): Buffer {
  if (sealed.length < TAG_BYTES) throw new DecryptionFailedError(`${what} is shorter than its tag`);
  if (nativeAead() === undefined) return openWithNode(input, sealed, what);
  const out = Buffer.allocUnsafe(sealed.length - TAG_BYTES);
  openInto(input, sealed, out, what);
  return out;
}

function openWithNode(input: AeadInput, sealed: Buffer, what: string): Buffer {
  const bodyLength = sealed.length - TAG_BYTES;
  const d = decryptor(input);
  d.setAAD(input.aad, { plaintextLength: bodyLength });
  d.setAuthTag(sealed.subarray(bodyLength));
  const body = d.update(sealed.subarray(0, bodyLength));
  try {
    const last = d.final();
    return last.length === 0 ? body : Buffer.concat([body, last]);
  } catch {
    body.fill(0);
    throw new DecryptionFailedError(`${what} failed authentication`);
  }
}
