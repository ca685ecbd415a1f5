/** Health of the storage topology for /health/ready and /minio/health/cluster. */
import type { Storage } from '../storage/storage.js';
import type { HealthProbe } from '../s3/pipeline/health.js';

export function storageHealthProbe(storage: Storage): HealthProbe {
  const online = (set: Storage['sets'][number]): number => set.drives.filter((d) => d.isOnline()).length;
  return {
    isReady: () => storage.sets.every((s) => online(s) >= s.readQuorum),
    hasWriteQuorum: () => storage.sets.every((s) => online(s) >= s.writeQuorum),
  };
}
