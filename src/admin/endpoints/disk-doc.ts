/** Cairn's drive reports as madmin.Disk documents (state 'ok' | 'offline', healing flag, Cairn's failure record). */
import type { DriveHealReport, DriveReport } from '../admin-backend.js';
import type { DiskDoc, HealingDiskDoc } from '../wire-types.js';

/** Cairn has one pool. */
export const POOL_INDEX = 0;

type DrivePlace = Pick<DriveReport, 'endpoint' | 'setIndex' | 'driveIndex' | 'state'>;

function placeDoc(d: DrivePlace): DiskDoc {
  return {
    endpoint: d.endpoint,
    path: d.endpoint,
    state: d.state === 'offline' ? 'offline' : 'ok',
    healing: d.state === 'healing',
    pool_index: POOL_INDEX,
    set_index: d.setIndex,
    disk_index: d.driveIndex,
  };
}

/** A drive of the info document, with its space figures and, once it failed, its failure record. */
export function infoDiskDoc(d: DriveReport): DiskDoc {
  const doc: DiskDoc = { ...placeDoc(d), totalspace: d.totalBytes, usedspace: d.usedBytes, availspace: d.freeBytes };
  const t = d.trouble;
  if (t === undefined) return doc;
  return {
    ...doc,
    ...(t.lastError !== undefined ? { last_error: t.lastError } : {}),
    ...(t.lastErrorAt !== undefined ? { last_error_time: t.lastErrorAt } : {}),
    ...(t.offlineSince !== undefined ? { offline_since: t.offlineSince } : {}),
    consecutive_failures: t.consecutiveFailures,
    failed_probes: t.failedProbes,
  };
}

/** A drive of the heal status, with heal_info when it was rebuilt or is being rebuilt. */
export function healDiskDoc(d: DriveHealReport): DiskDoc {
  const r = d.rebuild;
  if (r === undefined) return placeDoc(d);
  const info: HealingDiskDoc = {
    endpoint: d.endpoint,
    pool_index: POOL_INDEX,
    set_index: d.setIndex,
    disk_index: d.driveIndex,
    started: r.started,
    last_update: r.lastUpdate,
    items_healed: r.objectsHealed,
    items_failed: r.objectsFailed,
    finished: r.finished !== undefined,
    phase: r.phase,
    rebuildState: r.state,
    objectsScanned: r.objectsScanned,
    finishedAt: r.finished,
    lastError: r.lastError,
  };
  return { ...placeDoc(d), heal_info: info };
}
