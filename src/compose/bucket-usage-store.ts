/**
 * The scanner's bucket usage figure, kept in the system bucket (`usage/buckets.json`) so a
 * restart does not lose it: read once at start into the layer's quota ledger, written after
 * every complete scanner pass (the ledger gets the figure first; a failed write is logged and
 * the next pass writes again).
 */
import { decodeUsageSnapshot, encodeUsageSnapshot, type BucketUsageLedger, type ScanTrace, type SystemStore, type UsageSnapshot } from '../object/index.js';
import type { BackgroundLog, UsageSink } from '../workers/index.js';

export const USAGE_OBJECT = 'usage/buckets.json';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Loads the stored figure into the ledger; absent, unreadable or of an unknown version: nothing (the next pass counts). */
export async function loadStoredUsage(system: SystemStore, ledger: BucketUsageLedger, log?: BackgroundLog): Promise<void> {
  let bytes: Buffer | undefined;
  try {
    bytes = await system.get(USAGE_OBJECT);
  } catch (err) {
    log?.('warn', 'stored bucket usage could not be read; the next scanner pass counts it again', { error: message(err) });
    return;
  }
  if (bytes === undefined) return;
  const figure = decodeUsageSnapshot(bytes);
  if (figure === undefined) {
    log?.('warn', 'stored bucket usage is not understood; the next scanner pass counts it again', { object: USAGE_OBJECT });
    return;
  }
  ledger.load(figure);
}

/** Hands a completed figure and its trace to the other `--workers` processes (their ledgers). */
export type UsagePublisher = (figure: UsageSnapshot, trace: ScanTrace) => void;

/**
 * How the `--workers` processes share scanner figures (cluster-mode IPC): the process running
 * the scanner publishes each one, the others subscribe (subscribe returns the unsubscribe).
 */
export interface UsageChannel {
  readonly publish: UsagePublisher;
  subscribe(onFigure: (figure: UsageSnapshot, trace: ScanTrace) => void): () => void;
}

/** The scanner's usage sink: the ledger, the other processes (publish), then the system bucket. */
export function usageSink(system: SystemStore, ledger: BucketUsageLedger, opts: { log?: BackgroundLog; publish?: UsagePublisher } = {}): UsageSink {
  const { log, publish } = opts;
  let writing: Promise<void> = Promise.resolve();
  return {
    passCompleted: (figure, trace) => {
      ledger.passCompleted(figure, trace);
      publish?.(figure, trace);
      // One write at a time, in pass order.
      writing = writing.then(() => system.put(USAGE_OBJECT, encodeUsageSnapshot(figure))).catch((err: unknown) => {
        log?.('warn', 'bucket usage could not be stored', { error: message(err) });
      });
    },
  };
}
