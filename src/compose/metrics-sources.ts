/**
 * The deployment figures the metrics collectors read (metrics/deployment-snapshot.ts), over
 * what compose/ already built: the AdminBackend (cluster info, heal status) and the storage's
 * drives, whose HealthTrackedDrive decorators report their failure counts and I/O counters,
 * and the lifecycle expiry worker's counters.
 */
import type { AdminBackend } from '../admin/admin-backend.js';
import type { DeploymentSources, DriveHealthReading, DriveIoReading, LifecycleReading } from '../metrics/index.js';
import { HealthTrackedDrive, IO_LATENCY_BUCKETS } from '../storage/index.js';
import type { Storage } from '../storage/storage.js';

export function metricsSources(admin: AdminBackend, storage: Storage, lifecycle?: () => LifecycleReading | undefined): DeploymentSources {
  return {
    ...(lifecycle !== undefined ? { lifecycle } : {}),
    info: () => admin.info(),
    healStatus: () => admin.healStatus(),
    usage: () => admin.usage(),
    driveHealth: (): DriveHealthReading[] => storage.drives.flatMap((d) => {
      if (!(d instanceof HealthTrackedDrive)) return [];
      const h = d.health();
      return [{ endpoint: h.endpoint, online: h.online, consecutiveFailures: h.consecutiveFailures, failedProbes: h.failedProbes }];
    }),
    driveIo: (): DriveIoReading[] => storage.drives.flatMap((d) => (
      d instanceof HealthTrackedDrive ? [{ endpoint: d.endpoint, bounds: IO_LATENCY_BUCKETS, kinds: d.ioStats() }] : []
    )),
  };
}
