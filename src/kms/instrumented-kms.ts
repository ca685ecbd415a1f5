/**
 * Counts what Cairn asks of its KMS, for the metrics: requests by operation and result, and
 * their duration (a histogram per operation). Results: `success`; `error` (the KMS answered
 * and refused: unknown key, access denied, a ciphertext it does not accept); `unavailable`
 * (not reached, timed out, or a 5xx: KmsUnavailableError). Memory only; read at each scrape.
 */
import type { EncryptionContext } from '../crypto/encryption-context.js';
import type { DataKey, KmsKeyStatus } from '../crypto/kms.js';
import { KmsUnavailableError } from '../errors/domain-errors.js';
import type { ExternalKms, KeyRotation, KmsStatus } from './kms.js';

export type KmsOperation = 'generate' | 'decrypt' | 'key_status' | 'list' | 'create' | 'rotate' | 'rewrap';
export type KmsResult = 'success' | 'error' | 'unavailable';

/** Upper bounds of the duration buckets, seconds. */
export const KMS_DURATION_BOUNDS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface KmsOperationStats {
  readonly operation: KmsOperation;
  readonly results: Readonly<Record<KmsResult, number>>;
  /** `buckets[i]` counts requests that took <= KMS_DURATION_BOUNDS[i] seconds. */
  readonly buckets: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
}

interface Slot { results: Record<KmsResult, number>; buckets: number[]; count: number; sumSeconds: number }

export class InstrumentedKms implements ExternalKms {
  readonly #inner: ExternalKms;
  readonly #slots = new Map<KmsOperation, Slot>();

  constructor(inner: ExternalKms) {
    this.#inner = inner;
  }

  stats(): KmsOperationStats[] {
    return [...this.#slots].map(([operation, s]) => ({ operation, results: { ...s.results }, buckets: [...s.buckets], count: s.count, sumSeconds: s.sumSeconds }));
  }

  generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    return this.#timed('generate', () => this.#inner.generateDataKey(keyId, context));
  }

  decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    return this.#timed('decrypt', () => this.#inner.decrypt(keyId, ciphertext, context));
  }

  keyStatus(keyId: string): Promise<KmsKeyStatus> {
    return this.#timed('key_status', () => this.#inner.keyStatus(keyId));
  }

  listKeys(): Promise<string[]> {
    return this.#timed('list', () => this.#inner.listKeys());
  }

  createKey(keyId: string): Promise<'created' | 'exists'> {
    return this.#timed('create', () => this.#inner.createKey(keyId));
  }

  rotateKey(keyId: string): Promise<KeyRotation> {
    return this.#timed('rotate', () => this.#inner.rotateKey(keyId));
  }

  rewrapDataKey(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer | undefined> {
    return this.#timed('rewrap', () => this.#inner.rewrapDataKey(keyId, ciphertext, context));
  }

  status(): Promise<KmsStatus> {
    return this.#inner.status();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #timed<T>(operation: KmsOperation, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let result: KmsResult = 'success';
    try {
      return await call();
    } catch (err) {
      result = err instanceof KmsUnavailableError ? 'unavailable' : 'error';
      throw err;
    } finally {
      this.#record(operation, result, (performance.now() - started) / 1000);
    }
  }

  #record(operation: KmsOperation, result: KmsResult, seconds: number): void {
    let s = this.#slots.get(operation);
    if (s === undefined) {
      s = { results: { success: 0, error: 0, unavailable: 0 }, buckets: KMS_DURATION_BOUNDS.map(() => 0), count: 0, sumSeconds: 0 };
      this.#slots.set(operation, s);
    }
    s.results[result]++;
    KMS_DURATION_BOUNDS.forEach((le, i) => { if (seconds <= le) s.buckets[i]!++; });
    s.count++;
    s.sumSeconds += seconds;
  }
}
