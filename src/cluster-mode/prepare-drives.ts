/**
 * What the cluster primary does once, before any worker starts: format or validate the drives
 * (createStorage), open the object layer briefly (no background workers) to create the system
 * bucket and resolve the root credentials (generating and storing them on first start, so
 * that every worker then reads the same stored pair), then close it again: the primary keeps
 * no LMDB env open, each worker opens its own.
 */
import type { Config } from '../config/index.js';
import { createErasureObjectLayer } from '../compose/object-layer-factory.js';
import { resolveRootCredentials, type ResolvedRootCredentials } from '../compose/root-credentials.js';
import { createStorage, expandEndpoints } from '../storage/index.js';

export async function prepareDrives(config: Config, drives: readonly string[]): Promise<ResolvedRootCredentials> {
  const endpoints = expandEndpoints(drives);
  const storage = await createStorage({
    endpoints: drives,
    ...(config.storageClassStandard !== undefined ? { storageClass: config.storageClassStandard } : {}),
  });
  const served = await createErasureObjectLayer(storage, { region: config.region, runBackground: false });
  try {
    return await resolveRootCredentials({ rootUser: config.rootUser, rootPassword: config.rootPassword, system: served.system, drives: endpoints });
  } finally {
    await served.close();
  }
}
