/**
 * Which implementation seals and opens SSE packages (cipher-suite.ts): the `cairn-native-aead`
 * addon (native/aead), or node:crypto.
 *
 * - `native`: the addon; AES-256-GCM on its AVX-512 VAES + VPCLMULQDQ code
 *   (native/aead/src/aes-gcm-vaes.cc) where the CPU has those instructions, else on the system's
 *   OpenSSL libcrypto; ChaCha20-Poly1305 on libcrypto.
 * - `openssl`: the addon, both ciphers on the system's libcrypto.
 * - `node`: node:crypto.
 *
 * All produce the same bytes (same ciphers, nonces, additional data and tags; tested equal),
 * so objects written with one are read with the others. The addon is preferred because Node's
 * bundled OpenSSL runs both ciphers at about a third of the distribution build's speed on the
 * CPUs measured (README "SSE-S3 cost") and node:crypto sets up a new cipher context per
 * package; Debian 12's libcrypto (OpenSSL 3.0) has no AVX-512 AES-GCM, and the VAES code opens
 * 64 KiB packages at about 3x its speed here. node:crypto is used when the addon was not built
 * (no compiler at install) or `libcrypto.so.3` cannot be loaded, and when chosen with
 * CAIRN_SSE_ENGINE=node.
 *
 * The choice is per thread: compose selects it for the main thread, and the SSE open threads
 * are started with the main thread's choice (open-batch-pool.ts).
 */
import { loadNativeAddon } from '../util/native-addon.js';

/** `native`: the addon (AES-256-GCM on VAES where the CPU has it); `openssl`: the addon, libcrypto only; `node`: node:crypto. */
export type AeadEngineName = 'native' | 'openssl' | 'node';
/** What CAIRN_SSE_ENGINE takes: `auto` is `native` when the addon loads, else `node`. */
export type AeadEngineChoice = AeadEngineName | 'auto';

/** The addon's calls (native/aead/src/aead.cc). Cipher ids as cipher-suite.ts records them. */
export interface NativeAead {
  /** `out` (input + 16 bytes) = ciphertext || tag. */
  seal(cipherId: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plain: Uint8Array, out: Uint8Array): void;
  /** Plaintext of ciphertext || tag into `out` (input - 16 bytes); false, and `out` zeroed, when it does not verify. */
  open(cipherId: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out: Uint8Array): boolean;
  /**
   * Opens the n packages stored in `segments` back to back (each `sealedPackageBytes`, the last
   * possibly shorter) with nonce i and additional data i (`aads` in n equal parts), plaintext
   * i at `i * (sealedPackageBytes - 16)` of `out`; stops at the first that does not verify
   * (its plaintext zeroed). Returns how many verified.
   */
  openPackages(cipherId: number, key: Uint8Array, nonces: Uint8Array, aads: Uint8Array, segments: readonly Uint8Array[], sealedPackageBytes: number, out: Uint8Array): number;
  /** `out` (32 bytes) = HMAC-SHA256 of `a || b` under `key`. */
  hmacSha256(key: Uint8Array, a: Uint8Array, b: Uint8Array, out: Uint8Array): void;
  /** This thread's AES-256-GCM: `auto` (VAES where the CPU has it), `vaes` (throws without it) or `libcrypto`; returns the one in force. */
  setAesGcm(choice: 'auto' | 'vaes' | 'libcrypto'): 'vaes' | 'libcrypto';
}

interface Addon extends Partial<NativeAead> {
  readonly available: boolean;
  readonly reason?: string;
  readonly version?: string;
}

const addon: Addon = loadNativeAddon<Addon>('cairn-native-aead');
const nativeReady = addon.available && typeof addon.seal === 'function' && typeof addon.open === 'function' && typeof addon.openPackages === 'function' &&
  typeof addon.hmacSha256 === 'function' && typeof addon.setAesGcm === 'function';
let active: NativeAead | undefined = nativeReady ? (addon as NativeAead) : undefined;
let activeName: AeadEngineName = nativeReady ? 'native' : 'node';
/** The addon's AES-256-GCM on this thread (set with the engine). */
let aesGcm: 'vaes' | 'libcrypto' = nativeReady ? (addon as NativeAead).setAesGcm('auto') : 'libcrypto';

/** The native engine in use on this thread, or undefined when node:crypto is. */
export function nativeAead(): NativeAead | undefined {
  return active;
}

export interface AeadEngineStatus {
  readonly name: AeadEngineName;
  /**
   * e.g. "AES-256-GCM on VAES/AVX-512 (native/aead), ChaCha20-Poly1305 on OpenSSL 3.0.19 27 Jan 2026
   * (system libcrypto)", "OpenSSL 3.0.19 27 Jan 2026 (system libcrypto)" or "node:crypto (OpenSSL 3.0.19+quic)".
   */
  readonly detail: string;
  /** Why the native engine is not available (undefined: it is). */
  readonly nativeUnavailable?: string;
}

export function aeadEngine(): AeadEngineStatus {
  const unavailable = nativeReady ? undefined : (addon.reason ?? 'the addon does not export seal/open/openPackages/hmacSha256/setAesGcm');
  const libcrypto = `${addon.version ?? 'OpenSSL'} (system libcrypto)`;
  if (active === undefined) {
    return { name: 'node', detail: `node:crypto (OpenSSL ${process.versions.openssl})`, ...(unavailable !== undefined ? { nativeUnavailable: unavailable } : {}) };
  }
  return {
    name: activeName,
    detail: aesGcm === 'vaes' ? `AES-256-GCM on VAES/AVX-512 (native/aead), ChaCha20-Poly1305 on ${libcrypto}` : libcrypto,
  };
}

/**
 * Selects the engine of this thread. `native` or `openssl` when the addon cannot be used is an
 * Error (the operator asked for it); `auto` falls back to node:crypto.
 */
export function selectAeadEngine(choice: AeadEngineChoice): AeadEngineStatus {
  if (choice === 'node' || (!nativeReady && choice === 'auto')) {
    active = undefined;
    activeName = 'node';
  } else if (!nativeReady) {
    throw new Error(`CAIRN_SSE_ENGINE=${choice}: ${addon.reason ?? 'the native AEAD addon is not usable'}`);
  } else {
    active = addon as NativeAead;
    activeName = choice === 'openssl' ? 'openssl' : 'native';
    aesGcm = active.setAesGcm(choice === 'openssl' ? 'libcrypto' : 'auto');
  }
  return aeadEngine();
}
