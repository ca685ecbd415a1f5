/**
 * madmin.DecryptData for admin request bodies without blocking the event loop: a PBKDF2 body
 * (id 0x02, ~10 ms) is decrypted inline; an Argon2id body (ids 0x00, 0x01: 64 MiB, ~1.4 s of
 * CPU) in a worker thread, one at a time (as madmin's argon2Mu), so S3 requests keep flowing.
 */
import { Worker } from 'node:worker_threads';
import { decryptData, MadminDecryptError, PBKDF2_AES_GCM } from '../crypto/madmin-encrypt.js';

export class MadminDecryptor {
  #tail: Promise<unknown> = Promise.resolve();

  decrypt(secret: string, data: Buffer): Promise<Buffer> {
    if (data.length <= 32 || data[32] === PBKDF2_AES_GCM) {
      try { return Promise.resolve(decryptData(secret, data)); } catch (err) { return Promise.reject(err); }
    }
    const run = this.#tail.then(() => this.#inWorker(secret, data), () => this.#inWorker(secret, data));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  #inWorker(secret: string, data: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./madmin-decrypt-worker.js', import.meta.url), { workerData: { secret, data } });
      worker.once('message', (m: { plain?: Uint8Array; error?: string; notAuthentic?: boolean }) => {
        if (m.plain !== undefined) resolve(Buffer.from(m.plain));
        else reject(m.notAuthentic === true ? new MadminDecryptError(m.error ?? 'not authentic') : new Error(m.error));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => { if (code !== 0) reject(new Error(`the decrypting worker exited with ${code}`)); });
    });
  }
}
