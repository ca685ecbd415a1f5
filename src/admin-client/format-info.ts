/**
 * `cairn admin info` for people: the deployment, capacity, counts, then every set and drive.
 *
 *   Deployment 5c3e...  region us-east-1  up 2h 3m
 *   Capacity: 400.0 GiB raw, 12.0 GiB used, 388.0 GiB free
 *   Buckets: 3
 *   Objects: 1200 (scanner pass of 2026-01-01T00:00:00.000Z)
 *   Set 1: EC 2+2, 4 drives: 3 online, 1 offline
 *     /data/d1  online   3.0 GiB used, 97.0 GiB free of 100.0 GiB
 *     /data/d2  offline since 2026-01-01T00:00:05.000Z
 *               last error 2026-01-01T00:00:04.000Z: drive /data/d2 is offline: EIO: i/o error
 */
import type { CountDoc, DiskDoc, InfoDocument } from '../admin/wire-types.js';
import { formatBytes, formatDuration } from './format-units.js';

export type DriveStateLabel = 'online' | 'offline' | 'healing';

/** MinIO's disk state + healing flag as Cairn's drive state. */
export function driveState(d: DiskDoc): DriveStateLabel {
  if (d.state === 'offline') return 'offline';
  return d.healing ? 'healing' : 'online';
}

const count = (c: CountDoc): string => (c.error === undefined ? String(c.count) : c.error);

function driveLine(d: DiskDoc, width: number): string {
  const state = driveState(d);
  const space = state === 'offline' ? '' : `  ${formatBytes(d.usedspace ?? 0)} used, ${formatBytes(d.availspace ?? 0)} free of ${formatBytes(d.totalspace ?? 0)}`;
  const since = d.offline_since === undefined ? '' : ` since ${d.offline_since}`;
  const line = `  ${d.endpoint.padEnd(width)}  ${state.padEnd(7)}${since}${space}`.trimEnd();
  if (d.last_error === undefined) return line;
  return `${line}\n${' '.repeat(width + 4)}last error${d.last_error_time === undefined ? '' : ` ${d.last_error_time}`}: ${d.last_error}`;
}

export function formatInfo(doc: InfoDocument): string {
  const lines: string[] = [];
  const uptime = doc.servers[0]?.uptime ?? 0;
  lines.push(`Deployment ${doc.deploymentID}  region ${doc.region}  up ${formatDuration(uptime)}`);
  lines.push(`Capacity: ${formatBytes(doc.capacity.totalBytes)} raw, ${formatBytes(doc.capacity.usedBytes)} used, ${formatBytes(doc.capacity.freeBytes)} free`);
  lines.push(`Buckets: ${count(doc.buckets)}`);
  const asOf = doc.countsAsOf === undefined || doc.objects.error !== undefined ? '' : ` (scanner pass of ${doc.countsAsOf})`;
  lines.push(`Objects: ${count(doc.objects)}${asOf}`);
  lines.push(`Versions: ${count(doc.versions)}`);
  lines.push(`Data: ${doc.usage.error === undefined ? formatBytes(doc.usage.size) : doc.usage.error}`);
  const drives = doc.servers.flatMap((s) => s.drives);
  const width = drives.reduce((w, d) => Math.max(w, d.endpoint.length), 0);
  const sets = Object.values(doc.pools['0'] ?? {}).sort((a, b) => a.id - b.id);
  for (const set of sets) {
    const members = drives.filter((d) => d.set_index === set.id).sort((a, b) => a.disk_index - b.disk_index);
    const tally = (['online', 'healing', 'offline'] as const)
      .map((s) => [s, members.filter((d) => driveState(d) === s).length] as const)
      .filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
    lines.push(`Set ${set.id + 1}: EC ${set.dataShards}+${set.parityShards}, ${members.length} drives: ${tally}`);
    for (const d of members) lines.push(driveLine(d, width));
  }
  return `${lines.join('\n')}\n`;
}
