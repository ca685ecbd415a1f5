/**
 * Healing, scanner and scrub, from the heal status in the deployment snapshot: the heal
 * queue, the heal worker's running totals, shards and records healed, keys left unhealable,
 * the scanner's passes and last pass, the scrub's last pass and the rebuild progress of
 * replaced drives. Figures of the background workers are absent in a `--workers` process that
 * does not run them (`cairn_background_workers` 0).
 */
import type { HealStatusReport } from '../admin/admin-backend.js';
import type { DeploymentSnapshot } from './deployment-snapshot.js';
import type { MetricSource } from './metric-family.js';
import { epochSeconds, one, snapshotSource, type Reading, type SnapshotFamily } from './snapshot-family.js';

export function healMetrics(snapshot: () => DeploymentSnapshot): MetricSource {
  const from = (pick: (h: HealStatusReport) => number | undefined) => (): readonly Reading[] => {
    const h = snapshot().heal;
    return one(h === undefined ? undefined : pick(h));
  };
  const gauge = (name: string, help: string, pick: (h: HealStatusReport) => number | undefined): SnapshotFamily =>
    ({ type: 'gauge', name, help, read: from(pick) });
  const counter = (name: string, help: string, pick: (h: HealStatusReport) => number | undefined): SnapshotFamily =>
    ({ type: 'counter', name, help, read: from(pick) });
  const rebuilds = (value: (r: NonNullable<HealStatusReport['drives'][number]['rebuild']>) => number) => (): readonly Reading[] =>
    (snapshot().heal?.drives ?? []).flatMap((d) => (d.rebuild === undefined ? [] : [[{ endpoint: d.endpoint }, value(d.rebuild)] as const]));
  return snapshotSource([
    gauge('cairn_background_workers', 'Whether this process runs the background workers (heal, scanner, scrub): 1 or 0.', (h) => (h.backgroundWorkers ? 1 : 0)),
    gauge('cairn_heal_healthy', 'Whether every drive is whole and nothing is known to be left to heal (1) or not (0).', (h) => (h.isHealthy ? 1 : 0)),
    gauge('cairn_heal_queue_length', 'Keys waiting for the heal worker.', (h) => h.queue?.length),
    gauge('cairn_heal_queue_capacity', 'Keys the heal queue holds at most.', (h) => h.queue?.capacity),
    counter('cairn_heal_queue_dropped_total', 'Keys dropped because the heal queue was full (the scanner finds them again).', (h) => h.queue?.dropped),
    counter('cairn_heal_objects_checked_total', 'Keys the heal worker took from its queue and looked at.', (h) => h.healWorker?.objectsChecked),
    counter('cairn_heal_objects_healed_total', 'Keys the heal worker repaired.', (h) => h.healWorker?.objectsHealed),
    counter('cairn_heal_failures_total', 'Heals of the heal worker that failed.', (h) => h.healWorker?.failures),
    counter('cairn_heal_shards_healed_total', 'Shard files rebuilt by the heal worker and admin heal passes.', (h) => h.healed.shards),
    counter('cairn_heal_records_healed_total', 'Records rewritten by the heal worker and admin heal passes.', (h) => h.healed.records),
    gauge('cairn_heal_unhealable_objects', 'Keys whose last heal failed or could not decide (a later clean heal removes them).', (h) => h.unhealable.items.length + h.unhealable.omitted),
    counter('cairn_scanner_passes_total', 'Complete passes of the scanner.', (h) => h.scanner?.passesDone),
    gauge('cairn_scanner_last_pass_objects', 'Object keys the scanner\'s last complete pass checked.', (h) => h.scanner?.lastPass?.objects),
    gauge('cairn_scanner_last_pass_findings', 'Damaged keys the scanner\'s last complete pass found (queued for heal).', (h) => h.scanner?.lastPass?.findings),
    gauge('cairn_scanner_last_pass_end_timestamp_seconds', 'When the scanner\'s last complete pass ended (known while it sleeps).', (h) => epochSeconds(h.scanner?.lastPass?.finished)),
    gauge('cairn_scrub_last_pass_objects', 'Objects the last finished bitrot scrub pass verified.', (h) => h.scrub?.lastPass?.objects),
    gauge('cairn_scrub_last_pass_verified_bytes', 'Shard bytes the last finished scrub pass read and verified.', (h) => h.scrub?.lastPass?.bytesVerified),
    gauge('cairn_scrub_last_pass_shards_healed', 'Shard files the last finished scrub pass rebuilt.', (h) => h.scrub?.lastPass?.shardsHealed),
    gauge('cairn_scrub_last_pass_unhealable', 'Objects the last finished scrub pass could not heal.', (h) => h.scrub?.lastPass?.unhealable),
    gauge('cairn_scrub_last_pass_end_timestamp_seconds', 'When the last full scrub pass ended.', (h) => epochSeconds(h.scrub?.lastPass?.finished)),
    { type: 'gauge', name: 'cairn_drive_rebuild_objects_scanned', help: 'Keys the current rebuild pass of a replaced drive looked at.', labels: ['endpoint'], read: rebuilds((r) => r.objectsScanned) },
    { type: 'gauge', name: 'cairn_drive_rebuild_objects_healed', help: 'Keys the current rebuild pass of a replaced drive healed.', labels: ['endpoint'], read: rebuilds((r) => r.objectsHealed) },
    { type: 'gauge', name: 'cairn_drive_rebuild_objects_failed', help: 'Keys the current rebuild pass of a replaced drive could not heal.', labels: ['endpoint'], read: rebuilds((r) => r.objectsFailed) },
    { type: 'gauge', name: 'cairn_drive_rebuild_sets_done_ratio', help: 'Share of the erasure sets the current rebuild pass finished (0..1).', labels: ['endpoint'], read: rebuilds((r) => (r.setsTotal === 0 ? 0 : r.setsDone / r.setsTotal)) },
  ]);
}
