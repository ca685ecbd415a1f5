/**
 * The KMS the server encrypts with, and the SSE settings of the object layer. Today the
 * built-in KMS (CAIRN_KMS_SECRET_KEY or CAIRN_KMS_SECRET_KEY_FILE: one named master key, the
 * default key of SSE-S3 and SSE-KMS), wrapped in a CachingKms (bounded, expiring cache of
 * unsealed data keys). No key configured: no KMS (SSE-S3 / SSE-KMS answer 501 NotImplemented
 * as MinIO does; SSE-C needs no KMS). An external KMS (Vault, KES: compose/external-kms.ts)
 * joins here. The cipher of new objects: CAIRN_SSE_CIPHER, else by the CPU (/proc/cpuinfo).
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/index.js';
import { BuiltinKms, defaultCipher, parseMasterKey, type Kms, type SseCipher } from '../crypto/index.js';
import { KmsConfigError } from '../errors/domain-errors.js';
import { CachingKms } from '../kms/caching-kms.js';

export interface ServerSse {
  /** Undefined when no KMS is configured. */
  readonly kms?: Kms;
  readonly defaultKeyId?: string;
  readonly cipher: SseCipher;
}

export type KmsConfig = Pick<Config, 'kmsSecretKey' | 'kmsSecretKeyFile' | 'sseCipher'>;

async function builtinKeyValue(config: KmsConfig): Promise<string | undefined> {
  if (config.kmsSecretKey !== undefined && config.kmsSecretKeyFile !== undefined) {
    throw new KmsConfigError('CAIRN_KMS_SECRET_KEY and CAIRN_KMS_SECRET_KEY_FILE are mutually exclusive');
  }
  if (config.kmsSecretKeyFile === undefined) return config.kmsSecretKey;
  try {
    return (await readFile(config.kmsSecretKeyFile, 'utf8')).trim();
  } catch (err) {
    throw new KmsConfigError(`CAIRN_KMS_SECRET_KEY_FILE: cannot read ${config.kmsSecretKeyFile}: ${(err as Error).message}`);
  }
}

/** The cipher of new objects: the configured one, else aes-256-gcm when the CPU has AES instructions. */
export async function serverCipher(config: KmsConfig): Promise<SseCipher> {
  if (config.sseCipher !== undefined) return config.sseCipher;
  return defaultCipher(await readFile('/proc/cpuinfo', 'utf8').catch(() => undefined));
}

/** The server's SSE settings; KmsConfigError (refused start) for a malformed key. */
export async function openServerSse(config: KmsConfig): Promise<ServerSse> {
  const cipher = await serverCipher(config);
  const value = await builtinKeyValue(config);
  if (value === undefined || value === '') return { cipher };
  const master = parseMasterKey(value);
  const kms = new CachingKms(new BuiltinKms({ keys: [master] }));
  return { kms, defaultKeyId: master.name, cipher };
}
