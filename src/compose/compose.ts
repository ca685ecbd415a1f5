/**
 * The composition root: builds the running server from a Config and the drive arguments.
 *   createStorage → object layer → system bucket → root credentials → credential store → authorizer
 *   → pipeline (handlers map) → admin API in front → /metrics in front (metrics/) → HTTP server
 * The only place that picks implementations. Startup failures (foreign drive, bad layout,
 * unreadable credentials, port in use) reject with the cause; the CLI prints them and exits.
 */
import type { AddressInfo } from 'node:net';
import type { AdminBackend } from '../admin/admin-backend.js';
import { createAdminListener, withAdminApi } from '../admin/admin-listener.js';
import type { Config } from '../config/index.js';
import { HttpServer } from '../http/http-server.js';
import { listenUrls } from '../http/listen-urls.js';
import { CertificateStore } from '../http/tls/certificate-store.js';
import { kmsConfigOf, serverSse } from './kms-factory.js';
import { aeadEngine } from '../crypto/index.js';
import { MetricsService, withMetricsEndpoint } from '../metrics/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import type { BackgroundWorkers } from '../workers/index.js';
import { backgroundOptions } from './background-options.js';
import type { ComposedObjectLayer, ObjectLayerFactoryOptions } from './object-layer-factory.js';
import type { UsageChannel } from './bucket-usage-store.js';
import { HANDLERS } from '../s3/handlers/index.js';
import { createS3Pipeline } from '../s3/pipeline.js';
import { RootOnlyAuthorizer } from '../s3/pipeline/authorize.js';
import { AccountAuthorizer } from '../s3/pipeline/account-authorizer.js';
import { BucketAuthzCache } from '../s3/pipeline/bucket-authz-cache.js';
import type { Logger } from '../s3/pipeline/logger.js';
import type { CredentialStore } from '../s3/sigv4/index.js';
import { claimDrives, createStorage, expandEndpoints, fileIoNativeUnavailable, selectDataCache, selectDirectWrites, selectFileIo, type DriveClaim } from '../storage/index.js';
import type { Storage } from '../storage/storage.js';
import { resolveRootCredentials, type ResolvedRootCredentials } from './root-credentials.js';
import { openIamSealer } from './iam-sealer.js';
import { metricsSources } from './metrics-sources.js';
import { storageHealthProbe } from './storage-health.js';
import type { AuditLog } from '../audit/index.js';
import type { AuditTargetConfig, IdentityConfig } from '../config/index.js';
import { withStsApi } from '../sts-api/sts-listener.js';
import { composeSts } from './sts-factory.js';
import { openAuditLog } from './audit-log-factory.js';
import { consoleListener } from './console-listener.js';
import type { KmsConfig } from '../config/index.js';
import { openKmsService, type KmsService } from './kms-service.js';
import { IamCallerDirectory, IamStore, KeyUsageRecorder, LdapPolicyMappingStore } from '../iam/store/index.js';
import { createIamListener, withIamApi } from '../iam/api/iam-listener.js';
import { createS3ControlListener, withS3ControlApi } from '../s3/control/s3-control-listener.js';
import { bucketsOwnedBy, createAccountAdmin } from './account-admin.js';
import { createIdentityAdmin } from './identity-admin.js';

/** Builds the object layer and (runBackground) its background workers beside it. */
export type ObjectLayerFactory = (storage: Storage, opts: ObjectLayerFactoryOptions) => Promise<ComposedObjectLayer>;

/** How often a process without background workers re-reads the healing markers. */
const HEALING_REFRESH_MS = 10_000;

export interface ComposeOptions {
  readonly config: Config;
  /** Drive arguments as typed (ranges allowed). */
  readonly drives: readonly string[];
  readonly logger: Logger;
  readonly createObjectLayer: ObjectLayerFactory;
  /**
   * Whether this process runs the background workers (scanner, sweeper, heal). Default true.
   * `--workers N` sets it false in every worker but the first: that work must run in one
   * process only.
   */
  readonly runBackground?: boolean;
  /** The build's version (cairn_build_info). */
  readonly version?: string;
  /** Audit targets (config/audit-targets.ts); none: no audit log. */
  readonly auditTargets?: readonly AuditTargetConfig[];
  /** `--workers` slot of this process (0 alone): names its audit queue and chain. */
  readonly workerIndex?: number;
  /** `--workers`: how the processes share scanner figures for bucket quotas (cluster-mode IPC). */
  readonly usageChannel?: UsageChannel;
  /** The KMS (config/kms-config.ts); none: the built-in key of the config if one is set, else no KMS (SSE-S3/SSE-KMS and the admin KMS API answer 501). */
  readonly kms?: KmsConfig;
  /** OpenID / LDAP providers and the static identities file (config/identity-config.ts). */
  readonly identity?: IdentityConfig;
}

export interface RunningServer {
  readonly address: AddressInfo;
  /** Where the console port (/metrics) listens, when `--console-address` is set. */
  readonly consoleAddress: AddressInfo | undefined;
  /** 'https' when the certificates directory held a certificate at start. */
  readonly scheme: 'http' | 'https';
  readonly root: ResolvedRootCredentials;
  readonly storage: Storage;
  readonly objects: ObjectLayer;
  /** The background workers (undefined in `--workers` processes other than the first). */
  readonly background: BackgroundWorkers | undefined;
  /** What the admin API (/minio/admin/v3/...) reads and triggers. */
  readonly admin: AdminBackend;
  /** Accounts and IAM identities (system bucket, cached) and the caller directory over them. */
  readonly iam: { readonly store: IamStore; readonly directory: IamCallerDirectory };
  /** The drives this server holds (released by close). */
  readonly claim: DriveClaim;
  /** The KMS (compose/kms-service.ts), when one is configured. */
  readonly kms: KmsService | undefined;
  /** Graceful stop: drain HTTP within the configured deadline, then close the object layer. */
  close(): Promise<void>;
}

/** The credential store of the root user alone (IAM users plug in here later). */
export function rootCredentialStore(root: { accessKey: string; secretKey: string }): CredentialStore {
  return { secretFor: (accessKey) => (accessKey === root.accessKey ? root.secretKey : undefined) };
}

export async function composeServer(opts: ComposeOptions): Promise<RunningServer> {
  const { config, logger } = opts;
  const endpoints = expandEndpoints(opts.drives);
  // Every drive argument checked and held before anything is written to any drive.
  const claim = await claimDrives({ drives: opts.drives, dirMode: config.dirMode, fileMode: config.fileMode });
  let storage: Storage | undefined;
  let served: ComposedObjectLayer | undefined;
  let metrics: MetricsService | undefined;
  let certificates: CertificateStore | undefined;
  let audit: AuditLog | undefined;
  let kms: KmsService | undefined;
  let iamStore: IamStore | undefined;
  let consoleHttp: HttpServer | undefined;
  try {
    certificates = await CertificateStore.open({ dir: config.certsDir, logger });
    const files = selectFileIo(config.fileIo);
    selectDataCache(config.dataCache);
    selectDirectWrites(config.directWrites);
    storage = await createStorage({
      endpoints: opts.drives,
      modes: { fileMode: config.fileMode, dirMode: config.dirMode },
      ...(config.storageClassStandard !== undefined ? { storageClass: config.storageClassStandard } : {}),
    });
    const kmsConfig = kmsConfigOf(opts.kms, config);
    const { sse, bind: bindSseKms } = await serverSse(config, kmsConfig);
    served = await opts.createObjectLayer(storage, {
      region: config.region, runBackground: opts.runBackground ?? true, hashThreads: config.hashThreads, sse,
      inlineThreshold: config.inlineThreshold,
      background: backgroundOptions(config, logger),
      ...(opts.usageChannel ? { usageChannel: opts.usageChannel } : {}),
      kms: () => kms?.admin,
    });
    if (kmsConfig !== undefined) {
      kms = await openKmsService({ config: kmsConfig, system: served.system, objects: served.objects });
      bindSseKms?.(kms);
    }
    const kmsService = kms;
    const objects = served.objects;
    const sealer = await openIamSealer(served.system, kmsService, logger);
    const root = await resolveRootCredentials({ rootUser: config.rootUser, rootPassword: config.rootPassword, system: served.system, drives: endpoints, sealer });
    if (root.legacyFilesLeft) logger.warn('legacy root credential files could not be removed', { paths: root.legacyFilesLeft });
    iamStore = await IamStore.open({
      system: served.system,
      sealer,
      onRefreshError: (err) => logger.warn('IAM state refresh failed; the cached state stays in force', { error: err }),
    });
    const iam = { store: iamStore, directory: new IamCallerDirectory(iamStore, root) };
    const sts = composeSts({
      identity: opts.identity ?? { openid: [], ldap: undefined, staticIdentitiesFile: undefined }, root, iam: iam.directory, logger, region: config.region,
      ldapMappings: new LdapPolicyMappingStore(iamStore),
    });
    // The IAM store's callers with STS sessions in front: SigV4 secrets and the authorizer's callers.
    const directory = sts.callers;
    const credentials = directory;
    const authorizer = new RootOnlyAuthorizer(root.accessKey);
    const s3Authorizer = new AccountAuthorizer({ directory, buckets: new BucketAuthzCache({ objects }), objects });
    const keyUsage = new KeyUsageRecorder({ store: iam.store, onError: (err) => logger.warn('recording an access key\'s last use failed', { error: err }) });
    const s3 = createS3Pipeline({
      objects,
      handlers: HANDLERS,
      credentials: directory,
      directory,
      authorizer: s3Authorizer,
      health: storageHealthProbe(storage),
      logger,
      region: config.region,
      domains: config.domains,
      lifecycleDayMs: config.ilmDay,
      blockPublicAccessOfNewBuckets: config.defaultBucketPublicAccessBlock,
      defaultObjectOwnership: config.defaultObjectOwnership,
      keyUsage,
    });
    const accounts = createAccountAdmin(
      iam.store, bucketsOwnedBy(() => objects.listBuckets()),
      (accessKey) => iam.directory.secretFor(accessKey) !== undefined,
    );
    const identities = createIdentityAdmin({
      store: iam.store, callers: directory, keyInUse: (accessKey) => accessKey === root.accessKey || iam.directory.secretFor(accessKey) !== undefined,
    });
    const admin = createAdminListener({
      backend: served.admin, accounts, identities, credentials, authorizer, callers: directory, logger, region: config.region,
      ...(sts.ldapPolicies !== undefined ? { ldapPolicies: sts.ldapPolicies } : {}),
    });
    audit = await openAuditLog({
      config, targets: opts.auditTargets ?? [], firstDrive: endpoints[0]!, workerIndex: opts.workerIndex ?? 0,
      deploymentId: storage.deploymentId, rootAccessKey: root.accessKey, logger,
    });
    const auditLog = audit;
    metrics = new MetricsService({
      deployment: metricsSources(served.admin, storage, () => served?.background?.lifecycle?.counters), version: opts.version ?? 'unknown', bucketMetrics: config.prometheusBucketMetrics,
      ...(auditLog !== undefined ? { audit: { stats: () => auditLog.stats() } } : {}),
      ...(kmsService !== undefined ? { kms: { reading: () => kmsService.metrics() } } : {}),
      idp: sts.probes,
    });
    const scrape = metrics;
    sts.probes.start();
    const iamApi = createIamListener({ store: iam.store, directory, region: config.region, logger, keyUsage });
    const s3Control = createS3ControlListener({ store: iam.store, directory, credentials: directory, authorizer: s3Authorizer, region: config.region, logger, keyUsage });
    const scrapeEndpoint = { auth: config.prometheusAuth, root, render: (accepts: { readonly gzip: boolean }) => scrape.renderChunks(accepts) };
    const listener = withMetricsEndpoint(
      withStsApi(withAdminApi(withIamApi(withS3ControlApi(s3, s3Control), iamApi), admin), sts.listener), scrapeEndpoint,
    );
    const http = new HttpServer({
      host: config.address.host, port: config.address.port, listener, logger, tls: certificates,
    });
    const address = await http.listen();
    consoleHttp = config.consoleAddress === undefined ? undefined : new HttpServer({
      host: config.consoleAddress.host, port: config.consoleAddress.port, listener: consoleListener(scrapeEndpoint), logger, tls: certificates,
    });
    // A console port that cannot be bound ends the start like the S3 port would.
    const consoleAddress = await consoleHttp?.listen().catch(async (err: unknown) => { await http.close(0); throw err; });
    const consoleServer = consoleHttp;
    certificates?.watch(config.certsReloadInterval);
    const urls = listenUrls(address, undefined, http.scheme);
    await claim.announce(urls[0]!);
    logger.info('started', { urls, ...(consoleAddress !== undefined ? { consoleUrls: listenUrls(consoleAddress, undefined, http.scheme) } : {}), drives: endpoints, pid: process.pid, node: process.version, sseEngine: aeadEngine().detail, fileIo: files.name, ...(config.fileIo === 'auto' && files.name === 'node' ? { fileIoNativeUnavailable: fileIoNativeUnavailable() } : {}), logLevel: config.logLevel });
    const layer = served;
    // A process without background workers (`--workers N`, slots > 0) learns from the drives
    // when the first process finished rebuilding one (its healing marker is gone).
    const store = storage;
    const refresh = layer.background === undefined && store.replacedDrives.length > 0
      ? setInterval(() => { void store.refreshHealing(); }, HEALING_REFRESH_MS).unref()
      : undefined;
    let closing: Promise<void> | undefined;
    const tls = certificates;
    return {
      address,
      consoleAddress,
      scheme: http.scheme,
      root,
      storage,
      objects,
      background: layer.background,
      admin: layer.admin,
      iam,
      claim,
      kms: kmsService,
      close: () => {
        closing ??= (async () => {
          clearInterval(refresh);
          sts.probes.stop();
          const seconds = Math.round(config.shutdownTimeoutMs / 1000);
          logger.info(`stopping: draining ${http.inFlight} requests, up to ${seconds} s`, { inFlight: http.inFlight, deadlineSeconds: seconds, pid: process.pid });
          await Promise.all([http.close(config.shutdownTimeoutMs), consoleServer?.close(config.shutdownTimeoutMs)]);
          await tls?.close();
          await auditLog?.close();
          await scrape.stop();
          await kmsService?.close();
          iam.store.close();
          await layer.close();
          await claim.release();
          logger.info('stopped', { pid: process.pid });
        })();
        return closing;
      },
    };
  } catch (err) {
    await consoleHttp?.close(0).catch(() => undefined);
    await metrics?.stop().catch(() => undefined);
    iamStore?.close();
    await certificates?.close();
    await audit?.close().catch(() => undefined);
    await kms?.close().catch(() => undefined);
    if (served) await served.close().catch(() => undefined);
    else await storage?.close().catch(() => undefined);
    await claim.release();
    throw err;
  }
}
