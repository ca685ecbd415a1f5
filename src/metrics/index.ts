/** metrics/: the Prometheus endpoint and its collectors (requests, drives, heal, process). */
export { MetricsService, DEFAULT_METRICS_REFRESH_MS, type MetricsServiceOptions, type RenderedChunks } from './metrics-service.js';
export { withMetricsEndpoint, acceptsGzip, METRICS_PATH, PROMETHEUS_CONTENT_TYPE, type PrometheusAuthMode, type MetricsEndpointOptions, type RenderedBody } from './metrics-endpoint.js';
export type { DeploymentSources, DriveHealthReading } from './deployment-snapshot.js';
export type { LifecycleReading } from './lifecycle-metrics.js';
export { prometheusToken, isPrometheusAuthorized } from './prometheus-token.js';
export type { AuditSource, AuditTargetReading } from './audit-metrics.js';
export type { DriveIoReading, DriveIoKindReading } from './drive-io-metrics.js';
export type { KmsMetricsSource, KmsReading, KmsOperationReading } from './kms-metrics.js';
export type { IdpSource, IdpReading } from './idp-metrics.js';
