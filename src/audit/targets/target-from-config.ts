/** The sink object of one configured audit target (config/audit-targets.ts). */
import type { AuditTargetConfig } from '../../config/index.js';
import type { AuditLogger } from '../audit-types.js';
import type { AuditTarget } from './audit-target.js';
import { ElasticsearchTarget } from './elasticsearch-target.js';
import { WebhookTarget } from './webhook-target.js';

export function targetFromConfig(t: AuditTargetConfig, logger: AuditLogger): AuditTarget {
  if (t.kind === 'webhook') return new WebhookTarget(t);
  return new ElasticsearchTarget({ ...t, warn: (msg, fields) => logger.warn(msg, fields) });
}
