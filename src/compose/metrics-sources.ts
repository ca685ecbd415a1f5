/**
 * The deployment figures the metrics collectors read (metrics/deployment-snapshot.ts), over
 * what compose/ already built: the AdminBackend (cluster info, heal status) and the storage's
 * drives, whose HealthTrackedDrive decorators report their failure counts, and the lifecycle
 * expiry worker's counters.
 */
import type { AdminBackend } from '../admin/admin-backend.js';
import type { DeploymentSources, DriveHealthReading, LifecycleReading } from '../metrics/index.js';
import { HealthTrackedDrive } from '../storage/index.js';
import type { Storage } from '../storage/storage.js';

export function metricsSources(admin: AdminBackend, storage: Storage, lifecycle?: () => LifecycleReading | undefined): DeploymentSources {
  return {
    ...(lifecycle !== undefined ? { lifecycle } : {}),
    info: () => admin.info(),
    healStatus: () => admin.healStatus(),
    driveHealth: (): DriveHealthReading[] => storage.drives.flatMap((d) => {
      if (!(d instanceof HealthTrackedDrive)) return [];
      const h = d.health();
      return [{ endpoint: h.endpoint, online: h.online, consecutiveFailures: h.consecutiveFailures, failedProbes: h.failedProbes }];
    }),
  };
}
