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
  /** The console port's address, when `--console-address` is set. */
  readonly consoleAddress?: AddressInfo;
}

const plain = (a: AddressInfo): AddressInfo => ({ address: a.address, family: a.family, port: a.port });

export function listeningMessage(index: number, address: AddressInfo, consoleAddress?: AddressInfo): ListeningMessage {
  return { type: 'cairn:listening', index, address: plain(address), ...(consoleAddress !== undefined ? { consoleAddress: plain(consoleAddress) } : {}) };
}

function isAddress(a: unknown): a is AddressInfo {
  const o = a as { address?: unknown; port?: unknown; family?: unknown } | null;
  return typeof o === 'object' && o !== null && typeof o.address === 'string' && typeof o.family === 'string' && Number.isSafeInteger(o.port);
}

export function isListeningMessage(m: unknown): m is ListeningMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as { type?: unknown; index?: unknown; address?: unknown; consoleAddress?: unknown };
  return o.type === 'cairn:listening' && Number.isSafeInteger(o.index) && isAddress(o.address)
    && (o.consoleAddress === undefined || isAddress(o.consoleAddress));
}

/** The worker slot of this process, from the env the primary set (undefined: not a worker). */
export function workerIndexFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env[WORKER_INDEX_ENV];
  if (raw === undefined || !/^\d{1,3}$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * A completed scanner figure with its trace (object/usage-scan-trace.ts), sent by the process
 * running the scanner; the primary relays it to every other worker (their quota ledgers).
 */
export interface UsageFigureMessage {
  readonly type: 'cairn:usage';
  /** The figure as stored (encodeUsageSnapshot, UTF-8 JSON). */
  readonly figure: string;
  readonly trace: unknown;
}

export function isUsageFigureMessage(m: unknown): m is UsageFigureMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as { type?: unknown; figure?: unknown };
  return o.type === 'cairn:usage' && typeof o.figure === 'string';
}
