/**
 * Drives, erasure sets and cluster capacity, from the deployment snapshot: each drive's state
 * (online, offline, healing), filesystem bytes and health-tracker failure counts; each set's
 * online drives against its read and write quorum; raw capacity and the bucket/object counts
 * the scanner knows. Labels: `set` and `drive` (indexes) and `endpoint` (the drive argument),
 * so cardinality is the drive count.
 */
import type { ClusterInfo, DriveReport, Figure } from '../admin/admin-backend.js';
import type { DeploymentSnapshot } from './deployment-snapshot.js';
import type { MetricSource } from './metric-family.js';
import { one, snapshotSource, type Reading } from './snapshot-family.js';

const DRIVE_LABELS = ['set', 'drive', 'endpoint'];
const SET_LABELS = ['set'];

const figure = (f: Figure | undefined): number | undefined => (f !== undefined && 'value' in f ? f.value : undefined);

function drives(info: ClusterInfo | undefined): readonly DriveReport[] {
  return info?.sets.flatMap((s) => s.drives) ?? [];
}

const driveLabels = (d: DriveReport): Record<string, string> => ({ set: String(d.setIndex), drive: String(d.driveIndex), endpoint: d.endpoint });

export function driveMetrics(snapshot: () => DeploymentSnapshot): MetricSource {
  const perDrive = (value: (d: DriveReport) => number) => (): readonly Reading[] =>
    drives(snapshot().info).map((d) => [driveLabels(d), value(d)] as const);
  const perSet = (value: (s: ClusterInfo['sets'][number]) => number) => (): readonly Reading[] =>
    (snapshot().info?.sets ?? []).map((s) => [{ set: String(s.index) }, value(s)] as const);
  const online = (s: ClusterInfo['sets'][number]): number => s.drives.filter((d) => d.state !== 'offline').length;
  const health = (value: (h: DeploymentSnapshot['health'][number]) => number) => (): readonly Reading[] =>
    snapshot().health.map((h) => [{ endpoint: h.endpoint }, value(h)] as const);
  const cluster = (pick: (i: ClusterInfo) => number | undefined) => (): readonly Reading[] => {
    const info = snapshot().info;
    return one(info === undefined ? undefined : pick(info));
  };
  return snapshotSource([
    { type: 'gauge', name: 'cairn_drive_online', help: 'Whether the drive answers (1) or is offline (0); a healing drive is online.', labels: DRIVE_LABELS, read: perDrive((d) => (d.state === 'offline' ? 0 : 1)) },
    { type: 'gauge', name: 'cairn_drive_healing', help: 'Whether the drive is a replaced drive whose rebuild has not finished (1) or not (0).', labels: DRIVE_LABELS, read: perDrive((d) => (d.state === 'healing' ? 1 : 0)) },
    { type: 'gauge', name: 'cairn_drive_total_bytes', help: 'Size of the filesystem holding the drive (0 while offline).', labels: DRIVE_LABELS, read: perDrive((d) => d.totalBytes) },
    { type: 'gauge', name: 'cairn_drive_used_bytes', help: 'Bytes used on the filesystem holding the drive (0 while offline).', labels: DRIVE_LABELS, read: perDrive((d) => d.usedBytes) },
    { type: 'gauge', name: 'cairn_drive_free_bytes', help: 'Bytes free on the filesystem holding the drive (0 while offline).', labels: DRIVE_LABELS, read: perDrive((d) => d.freeBytes) },
    { type: 'gauge', name: 'cairn_drive_consecutive_failures', help: 'I/O failures in a row the drive\'s health tracker counted (3 take it offline; a success resets it).', labels: ['endpoint'], read: health((h) => h.consecutiveFailures) },
    { type: 'gauge', name: 'cairn_drive_failed_probes', help: 'Health probes that failed since the drive went offline.', labels: ['endpoint'], read: health((h) => h.failedProbes) },
    { type: 'gauge', name: 'cairn_erasure_set_drives', help: 'Drives in the erasure set.', labels: SET_LABELS, read: perSet((s) => s.drives.length) },
    { type: 'gauge', name: 'cairn_erasure_set_online_drives', help: 'Drives of the erasure set that are online (healing included).', labels: SET_LABELS, read: perSet(online) },
    { type: 'gauge', name: 'cairn_erasure_set_read_quorum', help: 'Drives the erasure set needs online to read.', labels: SET_LABELS, read: perSet((s) => s.readQuorum) },
    { type: 'gauge', name: 'cairn_erasure_set_write_quorum', help: 'Drives the erasure set needs online to write.', labels: SET_LABELS, read: perSet((s) => s.writeQuorum) },
    { type: 'gauge', name: 'cairn_erasure_set_read_quorum_healthy', help: 'Whether the erasure set has its read quorum of online drives (1) or not (0).', labels: SET_LABELS, read: perSet((s) => (online(s) >= s.readQuorum ? 1 : 0)) },
    { type: 'gauge', name: 'cairn_erasure_set_write_quorum_healthy', help: 'Whether the erasure set has its write quorum of online drives (1) or not (0).', labels: SET_LABELS, read: perSet((s) => (online(s) >= s.writeQuorum ? 1 : 0)) },
    { type: 'gauge', name: 'cairn_cluster_capacity_raw_total_bytes', help: 'Sum of the drives\' filesystem sizes (parity included; drives that answered).', read: cluster((i) => i.capacity.totalBytes) },
    { type: 'gauge', name: 'cairn_cluster_capacity_raw_used_bytes', help: 'Sum of the bytes used on the drives\' filesystems.', read: cluster((i) => i.capacity.usedBytes) },
    { type: 'gauge', name: 'cairn_cluster_capacity_raw_free_bytes', help: 'Sum of the bytes free on the drives\' filesystems.', read: cluster((i) => i.capacity.freeBytes) },
    { type: 'gauge', name: 'cairn_cluster_buckets', help: 'Buckets in the deployment.', read: cluster((i) => figure(i.buckets)) },
    { type: 'gauge', name: 'cairn_cluster_objects', help: 'Objects (latest version not a delete marker) counted by the scanner\'s last complete pass (absent before any).', read: cluster((i) => figure(i.objects)) },
    { type: 'gauge', name: 'cairn_cluster_object_versions', help: 'Object versions that are not delete markers, counted by the scanner\'s last complete pass (absent before any).', read: cluster((i) => figure(i.versions)) },
    { type: 'gauge', name: 'cairn_cluster_usage_bytes', help: 'Bytes of every object version, counted by the scanner\'s last complete pass (absent before any).', read: cluster((i) => figure(i.bytes)) },
  ]);
}
