/**
 * The deployment's IAM sealer (access key secrets, the stored root secret): its key sealed by
 * the server's KMS under the deployment's default key when a KMS is configured
 * (iam/store/seal-key.ts), else kept unsealed beside what it seals (a warning at start says so:
 * without a secret outside the drives there is nothing to seal it with).
 */
import { openSecretSealer, type SecretSealer } from '../iam/store/index.js';
import type { Logger } from '../s3/pipeline/logger.js';
import type { SystemStore } from '../object/index.js';
import type { KmsService } from './kms-service.js';

export function openIamSealer(system: SystemStore, kms: KmsService | undefined, logger?: Logger): Promise<SecretSealer> {
  if (kms === undefined) {
    logger?.warn('no KMS configured: the key that seals IAM secret keys is stored unsealed on the drives; '
      + 'set CAIRN_KMS_SECRET_KEY (or a Vault / KES KMS) to seal it');
  }
  return openSecretSealer(system, kms === undefined ? undefined : {
    kms: kms.kms,
    keyId: kms.defaultKeyId,
    onNotSealed: (err) => logger?.warn(`the IAM sealing key is not sealed by the KMS yet (key '${kms.defaultKeyId}'): retried at the next start`, { error: err }),
  });
}
