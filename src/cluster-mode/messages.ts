/**
 * IPC between the cluster primary and its workers (process.send / worker.on('message')).
 * Both sides check the shape: anything else on the channel is ignored, never trusted.
 */
import type { AddressInfo } from 'node:net';

/** Env var naming a worker's slot (0-based); slot 0 runs the background workers. */
export const WORKER_INDEX_ENV = 'CAIRN_WORKER_INDEX';

export interface ListeningMessage {
  readonly type: 'cairn:listening';
  readonly index: number;
  readonly address: AddressInfo;
}

export function listeningMessage(index: number, address: AddressInfo): ListeningMessage {
  return { type: 'cairn:listening', index, address: { address: address.address, family: address.family, port: address.port } };
}

export function isListeningMessage(m: unknown): m is ListeningMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as { type?: unknown; index?: unknown; address?: { address?: unknown; port?: unknown; family?: unknown } };
  return o.type === 'cairn:listening' && Number.isSafeInteger(o.index)
    && typeof o.address === 'object' && o.address !== null
    && typeof o.address.address === 'string' && typeof o.address.family === 'string'
    && Number.isSafeInteger(o.address.port);
}

/** The worker slot of this process, from the env the primary set (undefined: not a worker). */
export function workerIndexFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env[WORKER_INDEX_ENV];
  if (raw === undefined || !/^\d{1,3}$/.test(raw)) return undefined;
  return Number(raw);
}
