/** The background workers' settings (config schema) and their log sink (the server's logger). */
import type { Config } from '../config/index.js';
import type { Logger } from '../s3/pipeline/logger.js';
import type { BackgroundOptions } from '../workers/index.js';

const MiB = 1024 * 1024;

export function backgroundOptions(config: Config, logger: Logger): BackgroundOptions {
  return {
    // The first pass starts after the interval, at most 60 s after start.
    scanner: { intervalMs: config.scannerInterval, startDelayMs: Math.min(60_000, config.scannerInterval), ...(config.scannerRate > 0 ? { objectsPerSecond: config.scannerRate } : { objectsPerSecond: Number.MAX_SAFE_INTEGER }) },
    sweeper: { intervalMs: config.sweepInterval, graceMs: config.sweepGrace },
    scrub: config.scrubInterval > 0
      ? { intervalMs: config.scrubInterval, limits: config.scrubRate > 0 ? { bytesPerSecond: config.scrubRate * MiB } : {} }
      : { enabled: false },
    replaced: { retryMs: config.healRetry },
    lifecycle: { dayMs: config.ilmDay, objectsPerSecond: config.ilmRate },
    log: (level, msg, fields) => logger[level](msg, fields),
  };
}
