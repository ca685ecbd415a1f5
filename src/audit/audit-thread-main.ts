/**
 * The audit thread (started by audit-thread.ts): opens the targets' queues and the node's
 * chain head and runs their lanes (sealing-lanes.ts) on its own event loop. Takes records'
 * encoded fields from the server thread out of the shared ring (record-ring.ts: everything
 * there at each wake-up) and seals each in order (record-sealer.ts). When every
 * target batches (batch size > 1), it lets records gather for GATHER_MS after each take
 * before it looks again: under load the thread then wakes once per interval for every record
 * written meanwhile (one append, one sender turn) instead of once per record, and the server
 * thread does not wake it (the writer notifies only a sleeping reader); an idle thread sleeps
 * on the ring and wakes at the first record. A target that takes one record per request
 * (webhook batch size 1) is not made to wait for a timer: gathered, its POSTs would come in
 * bursts that cost the requests more (measured: GET 4 KiB at 16 in flight 0.68 vs 0.77 of
 * audit off, README "Audit log cost"). But while a delivery waits for its answer the thread
 * leaves the ring alone (up to HOLD_MS): the records written meanwhile are taken when the
 * answer comes, appended in one write and sent in the next pipelined delivery, so under load
 * the thread wakes once per delivery instead of once per record; with one request in flight
 * no delivery is pending when a record comes, and it goes out at once. Reports where
 * the lanes stand at most every SNAPSHOT_MS, and forwards its log lines to the server's
 * logger. It runs at a low scheduling priority while it keeps up (thread-priority.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditThreadInit, FromAuditThread, LaneSnapshot, ToAuditThread } from './audit-thread-messages.js';
import type { AuditLogger } from './audit-types.js';
import { RingReader } from './record-ring.js';
import { SealingLanes } from './sealing-lanes.js';
import { ThreadPriority } from './thread-priority.js';
import { targetFromConfig } from './targets/target-from-config.js';

/** Counters and queue lengths reach the server's metrics at most this late. */
const SNAPSHOT_MS = 100;
/** How long records gather in the ring after a take (what a record's delivery waits at most more). */
const GATHER_MS = 5;
/** How long records may wait in the ring for the answer to a delivery in flight. */
const HOLD_MS = 5;

const port = parentPort;
if (port === null) throw new Error('audit-thread-main runs as a worker thread only');
const post = (m: FromAuditThread): void => port.postMessage(m);
const line = (level: 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>): void => post({ type: 'log', level, msg, fields });
const logger: AuditLogger = { info: line('info'), warn: line('warn'), error: line('error') };

const init = workerData as AuditThreadInit;
const ring = new RingReader(init.ring);
const priority = new ThreadPriority(logger);
let lanes: SealingLanes | undefined;
let last = '';
let timer: NodeJS.Timeout | undefined;

function snapshot(): LaneSnapshot {
  return { stats: lanes?.stats() ?? [] };
}

/** Everything in the ring into the lanes, then the priority for what is left to do. */
function take(open: SealingLanes): void {
  ring.drain((fields, id) => open.push(fields, id));
  priority.pace(open.backlog);
}

async function takeRecords(open: SealingLanes): Promise<void> {
  // Ends with the thread (a pending wait does not keep it alive).
  for (;;) {
    await ring.waitForRecords();
    take(open);
    if (open.allBatching) await delay(GATHER_MS);
    else await open.answered(HOLD_MS);
  }
}

/** Posts the lanes' standing when it changed since the last one sent. */
function report(): void {
  const s = snapshot();
  const key = JSON.stringify(s);
  if (key === last) return;
  last = key;
  post({ type: 'snapshot', snapshot: s });
}

try {
  // Blocking queue writes: this thread runs nothing but the lanes (durable-queue.ts).
  const opened = await SealingLanes.open({ ...init.settings, blockingWrites: true }, init.deploymentId, init.targets.map((t) => targetFromConfig(t, logger)), logger);
  lanes = opened;
  post({ type: 'ready', snapshot: snapshot() });
  timer = setInterval(() => { priority.pace(opened.backlog); report(); }, SNAPSHOT_MS);
  timer.unref();
  void takeRecords(opened);
} catch (err) {
  post({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  port.close();
}

port.on('message', (m: ToAuditThread) => {
  const open = lanes;
  if (open === undefined) return;
  // Records written before this message are in the ring: they go first.
  take(open);
  const work = m.type === 'settle' ? open.settled() : open.close();
  work.then(
    () => { post({ type: 'done', id: m.id, snapshot: snapshot() }); },
    (err: unknown) => { logger.error(`audit thread: ${m.type} failed`, { error: err instanceof Error ? err.message : String(err) }); post({ type: 'done', id: m.id, snapshot: snapshot() }); },
  ).finally(() => {
    if (m.type === 'close') { clearInterval(timer); port.close(); }
  });
});
