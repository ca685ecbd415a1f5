/**
 * Outcomes of heals (object/heal healObject results), counted for the admin API: shard files
 * and records rewritten since start, and the keys whose last heal failed — kept in the
 * workers' UnhealableLog, the one list the heal worker, the drive rebuild, the scrub and the
 * admin heal sequences all report to (a later clean heal of a key removes it).
 */
import type { UnhealableList } from '../admin/admin-backend.js';
import type { HealResult } from '../object/heal/index.js';
import type { UnhealableLog } from '../workers/index.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The admin API's shape of an unhealable log: newest first, and how many were dropped. */
export function unhealableList(log: UnhealableLog): UnhealableList {
  return {
    items: log.entries().map((e) => ({ bucket: e.bucket, key: e.key, reason: e.reason, at: e.at.toISOString() })),
    omitted: log.dropped,
  };
}

/** Why a heal left a key unhealed, or undefined when it ended whole. */
export function unhealedReason(res: HealResult): string | undefined {
  if (res.isUnresolved) return `the copies disagree and none is held by a read quorum (${res.problems.join('; ')})`;
  if (res.failures.length > 0) return res.failures.join('; ');
  return undefined;
}

/** Totals over every heal reported to it. */
export class HealOutcomes {
  shards = 0;
  records = 0;
  readonly unhealable: UnhealableLog;

  constructor(opts: { readonly unhealable: UnhealableLog }) {
    this.unhealable = opts.unhealable;
  }

  /** Count a heal's result; returns the reason when the key is left unhealed. */
  record(res: HealResult): string | undefined {
    this.shards += res.shardsHealed;
    this.records += res.recordsHealed;
    const reason = unhealedReason(res);
    if (reason === undefined) this.unhealable.record(res);
    else this.unhealable.add(res.bucket, res.key, reason);
    return reason;
  }

  /** A heal that threw (the copies could not even be read). */
  recordError(bucket: string, key: string, err: unknown): string {
    const reason = message(err);
    this.unhealable.add(bucket, key, reason);
    return reason;
  }
}
