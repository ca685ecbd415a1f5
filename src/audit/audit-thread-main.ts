/**
 * The audit thread (started by audit-thread.ts): opens the targets' queues and runs their
 * lanes (audit-lanes.ts) on its own event loop. Takes sealed records from the server thread
 * out of the shared ring (record-ring.ts: everything there at each wake-up). When every
 * target batches (batch size > 1), it lets records gather for GATHER_MS after each take
 * before it looks again: under load the thread then wakes once per interval for every record
 * written meanwhile (one append, one sender turn) instead of once per record, and the server
 * thread does not wake it (the writer notifies only a sleeping reader); an idle thread sleeps
 * on the ring and wakes at the first record. A target that takes one record per request
 * (webhook batch size 1) gets each record at once: gathered, its POSTs would come in bursts
 * that cost the requests more (measured: GET 4 KiB at 16 in flight 0.68 vs 0.77 of audit
 * off, README "Audit log cost"). Reports where
 * the lanes stand at most every SNAPSHOT_MS, and forwards its log lines to the server's
 * logger. It runs at a low scheduling priority while it keeps up (thread-priority.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { LocalLanes } from './audit-lanes.js';
import type { AuditThreadInit, FromAuditThread, LaneSnapshot, ToAuditThread } from './audit-thread-messages.js';
import type { AuditLogger } from './audit-types.js';
import { RingReader } from './record-ring.js';
import { ThreadPriority } from './thread-priority.js';
import { targetFromConfig } from './targets/target-from-config.js';

/** Counters and queue lengths reach the server's metrics at most this late. */
const SNAPSHOT_MS = 100;
/** How long records gather in the ring after a take (what a record's delivery waits at most more). */
const GATHER_MS = 5;

const port = parentPort;
if (port === null) throw new Error('audit-thread-main runs as a worker thread only');
const post = (m: FromAuditThread): void => port.postMessage(m);
const line = (level: 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>): void => post({ type: 'log', level, msg, fields });
const logger: AuditLogger = { info: line('info'), warn: line('warn'), error: line('error') };

const init = workerData as AuditThreadInit;
const ring = new RingReader(init.ring);
const priority = new ThreadPriority(logger);
let lanes: LocalLanes | undefined;
let last = '';
let timer: NodeJS.Timeout | undefined;

function snapshot(): LaneSnapshot {
  return { stats: lanes?.stats() ?? [] };
}

/** Everything in the ring into the lanes, then the priority for what is left to do. */
function take(open: LocalLanes): void {
  ring.drain((json, id) => open.push(json, id));
  priority.pace(open.backlog);
}

async function takeRecords(open: LocalLanes): Promise<void> {
  // Ends with the thread (a pending wait does not keep it alive).
  for (;;) {
    await ring.waitForRecords();
    take(open);
    if (open.allBatching) await delay(GATHER_MS);
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
  const opened = await LocalLanes.open({ ...init.settings, blockingWrites: true }, init.targets.map((t) => targetFromConfig(t, logger)), logger);
  lanes = opened.lanes;
  post({ type: 'ready', newest: opened.newest, snapshot: snapshot() });
  timer = setInterval(() => { priority.pace(opened.lanes.backlog); report(); }, SNAPSHOT_MS);
  timer.unref();
  void takeRecords(opened.lanes);
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
