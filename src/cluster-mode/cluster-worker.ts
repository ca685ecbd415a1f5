/**
 * One worker process of `cairn server --workers N`: composes the whole server (its own
 * storage, LMDB envs and object layer) and listens on the shared address; tells the primary
 * once it listens. Prints nothing on stdout: the primary prints the S3-API line once. Only
 * slot 0 runs background work (scanner, sweeper, heal); it sends each scanner figure to the
 * others through the primary (usage-channel.ts) for their bucket quota ledgers.
 */
import cluster from 'node:cluster';
import type { ComposeOptions, RunningServer } from '../compose/compose.js';
import { composeServer } from '../compose/compose.js';
import { listeningMessage } from './messages.js';
import { ipcUsageChannel } from './usage-channel.js';

export function isClusterWorker(): boolean {
  return cluster.isWorker && typeof process.send === 'function';
}

export async function runClusterWorker(index: number, opts: Omit<ComposeOptions, 'runBackground'>): Promise<RunningServer> {
  const server = await composeServer({ ...opts, runBackground: index === 0, workerIndex: index, usageChannel: ipcUsageChannel() });
  process.send?.(listeningMessage(index, server.address, server.consoleAddress));
  return server;
}
