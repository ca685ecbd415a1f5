/**
 * What the cluster primary does once, before any worker starts: format or validate the drives
 * (createStorage, then close it again: the primary keeps no LMDB env open, each worker opens
 * its own) and resolve the root credentials (generating and storing them on first start, so
 * that every worker then reads the same stored pair).
 */
import type { Config } from '../config/index.js';
import { resolveRootCredentials, type ResolvedRootCredentials } from '../compose/root-credentials.js';
import { createStorage, expandEndpoints } from '../storage/index.js';

export async function prepareDrives(config: Config, drives: readonly string[]): Promise<ResolvedRootCredentials> {
  const endpoints = expandEndpoints(drives);
  const storage = await createStorage({
    endpoints: drives,
    ...(config.storageClassStandard !== undefined ? { storageClass: config.storageClassStandard } : {}),
  });
  await storage.close();
  return resolveRootCredentials({ rootUser: config.rootUser, rootPassword: config.rootPassword, drives: endpoints });
}
