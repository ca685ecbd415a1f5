/**
 * The server's KMS, opened from the configuration once the system bucket exists:
 *   built-in   CAIRN_KMS_SECRET_KEY[_FILE] -> BuiltinKeyRing (the env key + created keys sealed
 *              in the system bucket, compose/kms-key-store.ts)
 *   Vault/KES  compose/external-kms.ts
 * wrapped in InstrumentedKms (request counts and durations for the metrics) and watched by a
 * KmsProbe (cached reachability). `kms` is what SSE uses (put a CachingKms in front of it);
 * `admin` is the admin API's view; `metrics` what /metrics reads.
 */
import { readFile } from 'node:fs/promises';
import type { AdminKms, AdminKmsStatus } from '../admin/admin-kms.js';
import type { KmsConfig } from '../config/index.js';
import { aeadEngine } from '../crypto/aead-engine.js';
import { BuiltinKms } from '../crypto/builtin-kms.js';
import { parseMasterKey } from '../crypto/kms-secret-key.js';
import { KmsConfigError } from '../errors/domain-errors.js';
import { BuiltinKeyRing } from '../kms/builtin-key-ring.js';
import { InstrumentedKms, KMS_DURATION_BOUNDS } from '../kms/instrumented-kms.js';
import type { ExternalKms, KmsStatus } from '../kms/kms.js';
import { KmsProbe } from '../kms/kms-probe.js';
import type { KmsReading } from '../metrics/index.js';
import type { SystemStore } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import { TenantKms } from '../kms/tenant-kms.js';
import { createExternalKms, vaultClients } from './external-kms.js';
import { SystemAccountKeyStore } from './kms-account-store.js';
import { SystemKeyStore } from './kms-key-store.js';
import { ResealPass } from '../workers/kms-reseal-pass.js';
import { resealAdmin, SystemResealStatusStore } from './kms-reseal.js';

export interface KmsService {
  readonly kms: ExternalKms;
  /** Per-account default keys (`defaultKeyFor(account)`) and their isolation; `kms` goes through it. */
  readonly tenants: TenantKms;
  /** The key SSE-S3 uses and `kms key status` checks without a name. */
  readonly defaultKeyId: string;
  readonly admin: AdminKms;
  /** What the metrics read (memory only). */
  metrics(): KmsReading;
  /** The re-seal pass after key rotations (`cairn admin kms reseal`). */
  readonly reseal: ResealPass;
  close(): Promise<void>;
}

export interface OpenKmsOptions {
  readonly config: KmsConfig;
  readonly system: SystemStore;
  readonly objects: ObjectLayer;
}

async function builtinSecret(config: Extract<KmsConfig, { kind: 'builtin' }>): Promise<{ value: string; source: string }> {
  if (config.secretKey !== undefined) return { value: config.secretKey, source: 'CAIRN_KMS_SECRET_KEY' };
  const file = config.secretKeyFile ?? '';
  try {
    return { value: await readFile(file, 'utf8'), source: `CAIRN_KMS_SECRET_KEY_FILE (${file})` };
  } catch (err) {
    throw new KmsConfigError(`CAIRN_KMS_SECRET_KEY_FILE: cannot read ${file}: ${(err as Error).message}`);
  }
}

interface Backend {
  readonly kms: ExternalKms;
  readonly defaultKeyId: string;
  /** Vault: a client of another mount / namespace (per-account bindings). */
  readonly vault?: (over: { readonly mount?: string; readonly namespace?: string }) => ExternalKms;
}

async function openBackend(opts: OpenKmsOptions): Promise<Backend> {
  const { config } = opts;
  if (config.kind === 'vault') {
    const clients = await vaultClients(config);
    return { kms: clients(), defaultKeyId: config.keyName, vault: clients };
  }
  if (config.kind === 'kes') return { kms: await createExternalKms(config), defaultKeyId: config.keyName };
  const secret = await builtinSecret(config);
  const master = parseMasterKey(secret.value, secret.source);
  const ring = new BuiltinKeyRing({
    master: new BuiltinKms({ keys: [master] }), masterKeyId: master.name, store: new SystemKeyStore(opts.system, opts.objects),
  });
  master.key.fill(0);
  return { kms: ring, defaultKeyId: master.name };
}

export async function openKmsService(opts: OpenKmsOptions): Promise<KmsService> {
  const backend = await openBackend(opts);
  const vault = backend.vault;
  const tenants = new TenantKms({
    base: backend.kms, defaultKeyId: backend.defaultKeyId, store: new SystemAccountKeyStore(opts.system, opts.objects),
    ...(vault !== undefined ? { backendFor: (b) => vault(b.vault ?? {}) } : {}),
  });
  const kms = new InstrumentedKms(tenants);
  const probe = new KmsProbe(kms, opts.config.probeIntervalMs);
  const { defaultKeyId } = backend;
  const reseal = new ResealPass({
    objects: opts.objects, store: new SystemResealStatusStore(opts.system), rewrap: (keyId, ct, ctx) => kms.rewrapDataKey(keyId, ct, ctx),
  });
  const endpoint = opts.config.kind === 'builtin' ? undefined : opts.config.endpoint;
  const adminStatus = (s: KmsStatus): AdminKmsStatus => ({
    backend: opts.config.kind, defaultKeyId, reachable: s.reachable,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(s.latencyMs !== undefined ? { latencyMs: s.latencyMs } : {}),
    ...(s.version !== undefined ? { version: s.version } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
    sseEngine: aeadEngine().detail,
  });
  return {
    kms,
    tenants,
    defaultKeyId,
    reseal,
    admin: {
      ...resealAdmin(reseal, opts.objects),
      rotateKey: (keyId) => kms.rotateKey(keyId),
      status: async () => adminStatus(await probe.probe()),
      createKey: (keyId) => kms.createKey(keyId),
      keyStatus: (keyId) => kms.keyStatus(keyId ?? defaultKeyId),
      listKeys: () => kms.listKeys(),
      setAccountKey: (b) => tenants.bind(b),
      accountKey: async (account) => {
        const b = await tenants.binding(account);
        return b === undefined ? { account, keyId: defaultKeyId, isDefault: true } : { account, keyId: b.keyId, isDefault: false, ...(b.vault !== undefined ? { vault: b.vault } : {}) };
      },
    },
    metrics: (): KmsReading => {
      const r = probe.reading;
      return {
        backend: opts.config.kind, endpoint: endpoint ?? 'builtin',
        ...(r.last !== undefined ? { online: r.last.reachable } : {}),
        ...(r.last?.latencyMs !== undefined ? { probeLatencySeconds: r.last.latencyMs / 1000 } : {}),
        ...(r.at !== undefined ? { lastProbeSeconds: r.at / 1000 } : {}),
        failedProbes: r.failedProbes,
        bounds: KMS_DURATION_BOUNDS,
        operations: kms.stats(),
        resealed: reseal.resealedTotal,
      };
    },
    close: async () => {
      probe.stop();
      await reseal.settled();
      await kms.close();
    },
  };
}
