/**
 * What the cluster primary does once, before any worker starts: format or validate the drives
 * (createStorage), open the object layer briefly (no background workers) to create the system
 * bucket and resolve the root credentials (generating and storing them on first start, so
 * that every worker then reads the same stored pair; sealed with the IAM sealing key, opened
 * with the KMS when one is configured), then close it again: the primary keeps
 * no LMDB env open, each worker opens its own.
 * Before all that it claims the drives (storage/claim-drives.ts): the primary holds them for
 * the whole family; a worker's own claim sees its parent as the holder and joins. The caller
 * releases the claim when the primary stops.
 */
import type { Config, KmsConfig } from '../config/index.js';
import { openIamSealer } from '../compose/iam-sealer.js';
import { kmsConfigOf } from '../compose/kms-factory.js';
import { openKmsService, type KmsService } from '../compose/kms-service.js';
import { createErasureObjectLayer } from '../compose/object-layer-factory.js';
import { resolveRootCredentials, type ResolvedRootCredentials } from '../compose/root-credentials.js';
import { claimDrives, createStorage, expandEndpoints, type DriveClaim } from '../storage/index.js';

export interface PreparedDrives {
  readonly root: ResolvedRootCredentials;
  readonly claim: DriveClaim;
}

export async function prepareDrives(config: Config, drives: readonly string[], loadedKms?: KmsConfig): Promise<PreparedDrives> {
  const endpoints = expandEndpoints(drives);
  const claim = await claimDrives({ drives, dirMode: config.dirMode, fileMode: config.fileMode });
  try {
    const storage = await createStorage({
      endpoints: drives,
      modes: { fileMode: config.fileMode, dirMode: config.dirMode },
      ...(config.storageClassStandard !== undefined ? { storageClass: config.storageClassStandard } : {}),
    });
    const served = await createErasureObjectLayer(storage, { region: config.region, runBackground: false });
    let kms: KmsService | undefined;
    try {
      const kmsConfig = kmsConfigOf(loadedKms, config);
      if (kmsConfig !== undefined) kms = await openKmsService({ config: kmsConfig, system: served.system, objects: served.objects });
      const sealer = await openIamSealer(served.system, kms);
      const root = await resolveRootCredentials({ rootUser: config.rootUser, rootPassword: config.rootPassword, system: served.system, drives: endpoints, sealer });
      return { root, claim };
    } finally {
      await kms?.close();
      await served.close();
    }
  } catch (err) {
    await claim.release();
    throw err;
  }
}
