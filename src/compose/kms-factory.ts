/**
 * The KMS the server encrypts with, and the SSE settings of the object layer.
 *
 * One KMS per process: the configured one (config/kms-config.ts: the built-in key
 * CAIRN_KMS_SECRET_KEY[_FILE] with the keys created through the admin API, Vault Transit or
 * KES), opened by compose/kms-service.ts once the system bucket exists. The object layer is
 * built before that, so SSE gets a `DeferredKms` bound to the service's KMS (behind a CachingKms:
 * a bounded, expiring cache of unsealed data keys) as soon as it is open, before the server
 * listens; beside it an ObjectKeyCache of unsealed object keys (same TTL and bound), so a
 * repeated GET skips the data-key lookup and the unseal. No KMS configured: SSE-S3 / SSE-KMS answer 501 NotImplemented as MinIO does; SSE-C
 * needs no KMS. The cipher of new objects: CAIRN_SSE_CIPHER, else by the CPU (/proc/cpuinfo);
 * what runs the ciphers: CAIRN_SSE_ENGINE (crypto/aead-engine.ts), selected here for the process.
 */
import { readFile } from 'node:fs/promises';
import type { Config, KmsConfig } from '../config/index.js';
import { defaultCipher, parseMasterKey, selectAeadEngine, type Kms, type SseCipher } from '../crypto/index.js';
import { KmsConfigError, KmsUnavailableError } from '../errors/domain-errors.js';
import { CachingKms } from '../kms/caching-kms.js';
import { ObjectKeyCache } from '../object/index.js';
import { DeferredKms } from './deferred-kms.js';

export interface ServerSse {
  /** Undefined when no KMS is configured. */
  readonly kms?: Kms;
  readonly defaultKeyId?: string;
  /** An account's default key (compose/kms-service.ts: TenantKms.defaultKeyFor once bound). */
  readonly defaultKeyFor?: (account: string) => Promise<string>;
  readonly cipher: SseCipher;
  /** Unsealed object keys read recently (object/sse/object-key-cache.ts), with the KMS only. */
  readonly objectKeys?: ObjectKeyCache;
}

/** What binds the SSE settings once the KMS is open (compose/kms-service.ts's KmsService). */
export interface OpenedSseKms {
  readonly kms: Kms;
  readonly tenants: { defaultKeyFor(account: string): Promise<string> };
}

type SseConfig = Pick<Config, 'kmsSecretKey' | 'kmsSecretKeyFile' | 'sseCipher' | 'sseEngine' | 'kmsProbeInterval'>;

/** The cipher of new objects: the configured one, else aes-256-gcm when the CPU has AES instructions. */
export async function serverCipher(config: Pick<Config, 'sseCipher'>): Promise<SseCipher> {
  if (config.sseCipher !== undefined) return config.sseCipher;
  return defaultCipher(await readFile('/proc/cpuinfo', 'utf8').catch(() => undefined));
}

/**
 * The KMS to open: the one the CLI loaded from the environment (`ComposeOptions.kms`), else the
 * built-in key of the config (servers composed in process from a Config alone).
 */
export function kmsConfigOf(loaded: KmsConfig | undefined, config: SseConfig): KmsConfig | undefined {
  if (loaded !== undefined) return loaded;
  if (config.kmsSecretKey !== undefined && config.kmsSecretKeyFile !== undefined) {
    throw new KmsConfigError('CAIRN_KMS_SECRET_KEY and CAIRN_KMS_SECRET_KEY_FILE are mutually exclusive');
  }
  if (config.kmsSecretKey !== undefined) return { kind: 'builtin', secretKey: config.kmsSecretKey, probeIntervalMs: config.kmsProbeInterval };
  if (config.kmsSecretKeyFile !== undefined) return { kind: 'builtin', secretKeyFile: config.kmsSecretKeyFile, probeIntervalMs: config.kmsProbeInterval };
  return undefined;
}

/** The key SSE-S3 (and SSE-KMS without a key id) uses: the built-in master key's name, or the configured key. */
async function defaultKeyIdOf(kms: KmsConfig): Promise<string> {
  if (kms.kind !== 'builtin') return kms.keyName;
  let value = kms.secretKey;
  if (value === undefined) {
    const file = kms.secretKeyFile ?? '';
    try {
      value = await readFile(file, 'utf8');
    } catch (err) {
      throw new KmsConfigError(`CAIRN_KMS_SECRET_KEY_FILE: cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const master = parseMasterKey(value.trim());
  master.key.fill(0);
  return master.name;
}

/** The object layer's SSE settings and, with a KMS, the handle that binds it once the KMS is open. */
export async function serverSse(config: SseConfig, kms: KmsConfig | undefined): Promise<{ sse: ServerSse; bind?: (opened: OpenedSseKms) => void }> {
  const cipher = await serverCipher(config);
  selectAeadEngine(config.sseEngine); // for this thread; the open threads take the same (open-batch-pool.ts)
  if (kms === undefined) return { sse: { cipher } };
  const deferred = new DeferredKms();
  let tenants: OpenedSseKms['tenants'] | undefined;
  const defaultKeyFor = (account: string): Promise<string> => {
    if (tenants === undefined) return Promise.reject(new KmsUnavailableError('(not open)', 'the KMS is not open yet'));
    return tenants.defaultKeyFor(account);
  };
  return {
    sse: { cipher, kms: deferred, defaultKeyId: await defaultKeyIdOf(kms), defaultKeyFor, objectKeys: new ObjectKeyCache() },
    bind: (opened) => {
      deferred.bind(new CachingKms(opened.kms));
      tenants = opened.tenants;
    },
  };
}
