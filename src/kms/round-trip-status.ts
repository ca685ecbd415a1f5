/** A key's status as the `Kms` contract reports it: generate a data key, decrypt it back. */
import type { Kms, KmsKeyStatus } from '../crypto/kms.js';

const PROBE_CONTEXT = { probe: 'cairn-key-status' };

export async function roundTripStatus(kms: Kms, keyId: string): Promise<KmsKeyStatus> {
  let dataKey;
  try {
    dataKey = await kms.generateDataKey(keyId, PROBE_CONTEXT);
  } catch (err) {
    return { keyId, encryptionOk: false, decryptionOk: false, error: (err as Error).message };
  }
  try {
    const back = await kms.decrypt(keyId, dataKey.ciphertext, PROBE_CONTEXT);
    return back.equals(dataKey.plaintext)
      ? { keyId, encryptionOk: true, decryptionOk: true }
      : { keyId, encryptionOk: true, decryptionOk: false, error: 'the data key decrypted to other bytes' };
  } catch (err) {
    return { keyId, encryptionOk: true, decryptionOk: false, error: (err as Error).message };
  } finally {
    dataKey.plaintext.fill(0);
  }
}
