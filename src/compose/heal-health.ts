/**
 * Is the data whole? The problems of a heal status report, one line each (none: healthy):
 * a drive offline or not yet rebuilt, keys queued for or under heal, keys that failed to heal.
 */
import type { DriveHealReport, HealStatusReport } from '../admin/admin-backend.js';

const where = (d: DriveHealReport): string => `drive ${d.endpoint} (set ${d.setIndex + 1}, drive ${d.driveIndex + 1})`;

function rebuildProblem(d: DriveHealReport): string {
  const r = d.rebuild;
  if (r === undefined) return `${where(d)} was replaced and is waiting to be rebuilt`;
  const counts = `${r.objectsScanned} objects scanned, ${r.objectsHealed} healed, ${r.objectsFailed} failed, ${r.setsDone} of ${r.setsTotal} sets done`;
  if (r.phase === 'retrying') return `the rebuild of ${where(d)} left ${r.objectsFailed} objects unhealed (pass ${r.attempt}); it is retried`;
  if (r.state === 'running' || r.state === 'sleeping') return `${where(d)} is being rebuilt (pass ${r.attempt}): ${counts}`;
  const why = r.lastError !== undefined ? `: ${r.lastError}` : '';
  return `the rebuild of ${where(d)} ended ${r.state} with ${counts}${why}; it resumes at the next start`;
}

export function healthProblems(report: Omit<HealStatusReport, 'isHealthy' | 'problems'>): string[] {
  const problems: string[] = [];
  for (const d of report.drives) {
    if (d.state === 'offline') problems.push(`${where(d)} is offline`);
    else if (d.state === 'healing') problems.push(rebuildProblem(d));
  }
  if (report.queue !== undefined && report.queue.length > 0) problems.push(`${report.queue.length} objects are queued for heal`);
  if (report.healWorker?.current !== undefined) problems.push(`${report.healWorker.current} is being healed`);
  const unhealable = report.unhealable.items.length + report.unhealable.omitted;
  if (unhealable > 0) problems.push(`${unhealable} objects could not be healed (their last heal failed)`);
  return problems;
}
