/** GET /minio/admin/v3/info: the deployment, its sets and drives, capacity and counts. */
import type { Figure, SetReport } from '../admin-backend.js';
import type { CountDoc, ErasureSetDoc, InfoDocument } from '../wire-types.js';
import { infoDiskDoc, POOL_INDEX } from './disk-doc.js';
import type { AdminEndpoint } from './endpoint.js';

const countDoc = (f: Figure): CountDoc => ('value' in f ? { count: f.value } : { count: 0, error: f.unknown });

function setDoc(s: SetReport): ErasureSetDoc {
  const online = s.drives.filter((d) => d.state !== 'offline');
  return {
    id: s.index,
    rawUsage: online.reduce((n, d) => n + d.usedBytes, 0),
    rawCapacity: online.reduce((n, d) => n + d.totalBytes, 0),
    healDisks: s.drives.filter((d) => d.state === 'healing').length,
    onlineDisks: online.length,
    offlineDisks: s.drives.length - online.length,
    dataShards: s.dataShards,
    parityShards: s.parityShards,
  };
}

export const serverInfo: AdminEndpoint = async (req, backend) => {
  const info = await backend.info();
  const drives = info.sets.flatMap((s) => s.drives);
  const offline = drives.filter((d) => d.state === 'offline').length;
  const bytes = countDoc(info.bytes);
  const asOf = 'value' in info.objects ? info.objects.asOf : undefined;
  const document: InfoDocument = {
    mode: 'online',
    region: info.region,
    deploymentID: info.deploymentId,
    buckets: countDoc(info.buckets),
    objects: countDoc(info.objects),
    versions: countDoc(info.versions),
    usage: bytes.error === undefined ? { size: bytes.count } : { size: 0, error: bytes.error },
    backend: {
      backendType: 'Erasure',
      onlineDisks: drives.length - offline,
      offlineDisks: offline,
      standardSCParity: info.sets[0]?.parityShards ?? 0,
      totalSets: [info.sets.length],
      totalDrivesPerSet: [info.sets[0]?.drives.length ?? 0],
    },
    servers: [{ state: 'online', endpoint: req.host, uptime: info.uptimeSeconds, drives: drives.map(infoDiskDoc) }],
    pools: { [String(POOL_INDEX)]: Object.fromEntries(info.sets.map((s) => [String(s.index), setDoc(s)])) },
    startedAt: info.startedAt,
    capacity: info.capacity,
    countsAsOf: asOf,
  };
  return { status: 200, document };
};
