/** A heal sequence as madmin.HealTaskStatus (summary, detail, startTime, settings) plus Cairn's counts. */
import type { HealSequence } from '../admin-backend.js';
import type { HealTaskStatusDocument } from '../wire-types.js';

export function healTaskStatusDoc(seq: HealSequence): HealTaskStatusDocument {
  const summary = seq.state === 'failed' ? 'stopped' : seq.state;
  return {
    ...seq,
    summary,
    detail: seq.failures.length > 0 ? seq.failures.join('; ') : undefined,
    startTime: seq.started,
    settings: { recursive: true, scanMode: seq.deep ? 2 : 1 },
  };
}
