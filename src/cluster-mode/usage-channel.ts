/**
 * The `--workers` usage channel (compose/bucket-usage-store.ts UsageChannel) over the cluster
 * IPC: slot 0 (the scanner's process) sends each completed figure and trace to the primary,
 * which relays it to the other workers (cluster-primary.ts); a worker checks what it receives
 * (figure and trace decoded as untrusted input) before its ledger settles on it.
 */
import type { UsageChannel } from '../compose/bucket-usage-store.js';
import { decodeUsageSnapshot, encodeUsageSnapshot, parseScanTrace } from '../object/index.js';
import { isUsageFigureMessage, type UsageFigureMessage } from './messages.js';

export function ipcUsageChannel(proc: NodeJS.Process = process): UsageChannel {
  return {
    publish: (figure, trace) => {
      const m: UsageFigureMessage = { type: 'cairn:usage', figure: encodeUsageSnapshot(figure).toString('utf8'), trace };
      try { proc.send?.(m); } catch { /* the primary is gone: the process is ending */ }
    },
    subscribe: (onFigure) => {
      const listener = (m: unknown): void => {
        if (!isUsageFigureMessage(m)) return;
        const figure = decodeUsageSnapshot(Buffer.from(m.figure, 'utf8'));
        const trace = parseScanTrace(m.trace);
        if (figure !== undefined && trace !== undefined) onFigure(figure, trace);
      };
      proc.on('message', listener);
      return () => { proc.off('message', listener); };
    },
  };
}
