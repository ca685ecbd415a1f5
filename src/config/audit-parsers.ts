/** Parsers of the audit settings (queue bound, queue-full policy). */
import { ConfigError } from './config-error.js';
import { parseDuration } from './duration.js';

export type AuditQueueFullPolicy = 'block' | 'drop';

export function parseAuditQueueFull(raw: string, name: string): AuditQueueFullPolicy {
  const v = raw.trim().toLowerCase();
  if (v !== 'block' && v !== 'drop') throw new ConfigError(`${name}: expected block or drop, got ${JSON.stringify(raw)}`);
  return v;
}

/** A record count 1..100,000,000. */
export function parseRecordCount(raw: string, name: string): number {
  const v = raw.trim();
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1 || Number(v) > 100_000_000) throw new ConfigError(`${name}: expected a record count 1..100000000, got ${JSON.stringify(raw)}`);
  return Number(v);
}

/** Records per delivery: 1..10,000. */
export function parseBatchSize(raw: string, name: string): number {
  const v = raw.trim();
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1 || Number(v) > 10_000) throw new ConfigError(`${name}: expected a batch size 1..10000, got ${JSON.stringify(raw)}`);
  return Number(v);
}

/** `always` (0: fdatasync before an append counts as done) or a DURATION between syncs. */
export function parseAuditFsync(raw: string, name: string): number {
  return raw.trim().toLowerCase() === 'always' ? 0 : parseDuration(raw, name);
}
