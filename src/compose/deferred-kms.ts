/**
 * A `Kms` whose backend is bound after construction: the object layer is built before the KMS
 * service can open (it keeps created keys in the system bucket, which the layer serves). The
 * server binds it before it listens, so a request never sees it unbound; if one did, it would
 * fail as an unreachable KMS (503), never encrypt without a key.
 */
import type { DataKey, EncryptionContext, Kms, KmsKeyStatus } from '../crypto/index.js';
import { KmsUnavailableError } from '../errors/domain-errors.js';

export class DeferredKms implements Kms {
  #target: Kms | undefined;

  bind(target: Kms): void {
    this.#target = target;
  }

  #kms(): Kms {
    if (this.#target === undefined) throw new KmsUnavailableError('(not open)', 'the KMS is not open yet');
    return this.#target;
  }

  generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    return this.#kms().generateDataKey(keyId, context);
  }

  decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    return this.#kms().decrypt(keyId, ciphertext, context);
  }

  keyStatus(keyId: string): Promise<KmsKeyStatus> {
    return this.#kms().keyStatus(keyId);
  }

  listKeys(): Promise<string[]> {
    return this.#kms().listKeys();
  }
}
