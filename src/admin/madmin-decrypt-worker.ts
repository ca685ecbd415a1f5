/** Worker entry of MadminDecryptor: one madmin.DecryptData (an Argon2id key takes ~1.4 s of CPU). */
import { parentPort, workerData } from 'node:worker_threads';
import { decryptData, MadminDecryptError } from '../crypto/madmin-encrypt.js';

const job = workerData as { secret: string; data: Uint8Array };
try {
  const plain = decryptData(job.secret, Buffer.from(job.data));
  parentPort!.postMessage({ plain });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err), notAuthentic: err instanceof MadminDecryptError });
}
