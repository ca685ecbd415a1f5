/**
 * Audit figures per target: records waiting (disk queue plus those waiting for room),
 * delivered, failed delivery attempts, dropped by reason (queue_full: no room in time;
 * rejected: refused for good by the sink). Read at each scrape from what compose/ hands in
 * (the audit log's running totals); metrics/ never imports audit/.
 */
import { snapshotSource, type Reading } from './snapshot-family.js';
import type { MetricSource } from './metric-family.js';

export interface AuditTargetReading {
  readonly target: string;
  readonly queueLength: number;
  readonly sent: number;
  readonly failed: number;
  readonly dropped: Readonly<Record<string, number>>;
}

export interface AuditSource {
  stats(): readonly AuditTargetReading[];
}

export function auditMetrics(source: AuditSource): MetricSource {
  const per = (read: (t: AuditTargetReading) => number) => (): readonly Reading[] => source.stats().map((t) => [{ target: t.target }, read(t)] as const);
  return snapshotSource([
    { type: 'gauge', name: 'cairn_audit_queue_length', help: 'Audit records not delivered yet (in the target\'s disk queue or waiting for room), by target.', labels: ['target'], read: per((t) => t.queueLength) },
    { type: 'counter', name: 'cairn_audit_sent_total', help: 'Audit records the target stored, by target.', labels: ['target'], read: per((t) => t.sent) },
    { type: 'counter', name: 'cairn_audit_failed_total', help: 'Audit records in deliveries that failed and were retried (each attempt counts), by target.', labels: ['target'], read: per((t) => t.failed) },
    {
      type: 'counter', name: 'cairn_audit_dropped_total', help: 'Audit records lost, by target and reason (queue_full: no room in time; rejected: refused for good by the sink). Must stay 0.', labels: ['target', 'reason'],
      read: () => source.stats().flatMap((t) => Object.entries(t.dropped).map(([reason, v]) => [{ target: t.target, reason }, v] as const)),
    },
  ]);
}
