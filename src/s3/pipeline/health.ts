/**
 * Unauthenticated health endpoints (the paths Kubernetes probes and MinIO tooling use):
 *   /health/live, /minio/health/live       200 while the process serves requests
 *   /health/ready, /minio/health/ready     200 when every erasure set has read quorum, else 503
 *   /minio/health/cluster                  200 when every erasure set has write quorum, else 503
 * They answer GET and HEAD only, and only to requests that carry no signature, so a signed
 * request for a bucket named "health" or "minio" still reaches the S3 API.
 */
export interface HealthProbe {
  /** Every set has read quorum. */
  isReady(): boolean;
  /** Every set has write quorum. */
  hasWriteQuorum(): boolean;
}

export type HealthCheck = 'live' | 'ready' | 'cluster';

const PATHS: Readonly<Record<string, HealthCheck>> = {
  '/health/live': 'live',
  '/health/ready': 'ready',
  '/minio/health/live': 'live',
  '/minio/health/ready': 'ready',
  '/minio/health/cluster': 'cluster',
};

/** The health check a request asks for, or undefined when it is an S3 request. */
export function healthCheckFor(method: string, rawPath: string, isSigned: boolean): HealthCheck | undefined {
  if (isSigned || (method !== 'GET' && method !== 'HEAD')) return undefined;
  return Object.prototype.hasOwnProperty.call(PATHS, rawPath) ? PATHS[rawPath] : undefined;
}

export function healthStatus(check: HealthCheck, probe: HealthProbe): number {
  switch (check) {
    case 'live': return 200;
    case 'ready': return probe.isReady() ? 200 : 503;
    case 'cluster': return probe.hasWriteQuorum() ? 200 : 503;
  }
}
