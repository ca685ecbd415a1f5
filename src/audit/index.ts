/** audit/: the audit log (records, hash chain, durable queues, webhook and Elasticsearch targets). */
export { AuditLog, type AuditLogOptions } from './audit-log.js';
export type { AuditTargetStats, AuditLogger } from './audit-types.js';
export type { AuditTarget } from './targets/audit-target.js';
export { WebhookTarget } from './targets/webhook-target.js';
export { ElasticsearchTarget } from './targets/elasticsearch-target.js';
