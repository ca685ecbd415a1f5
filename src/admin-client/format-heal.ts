/**
 * The heal commands for people.
 *  - heal status: the plain line `healthy` when every drive is whole and nothing is left to
 *    heal; otherwise `not healthy:` with the problems, then what is being healed and what is
 *    left (drives being rebuilt, queue, heal worker, scanner, deep scan, unhealable keys, the
 *    latest heal sequence).
 *  - heal: the token of the started sequence; with --wait its summary.
 */
import type { HealSequence, UnhealableList } from '../admin/admin-backend.js';
import type { BgHealStateDocument, HealStartDocument, HealTaskStatusDocument } from '../admin/wire-types.js';
import { driveState } from './format-info.js';

const mode = (deep: boolean): string => (deep ? 'deep' : 'normal');

function unhealableLines(list: UnhealableList, indent: string): string[] {
  const lines = list.items.map((i) => `${indent}${i.bucket}/${i.key}: ${i.reason}`);
  if (list.omitted > 0) lines.push(`${indent}(${list.omitted} older ones not listed)`);
  return lines;
}

/** One line of counts of a heal sequence. */
export function sequenceCounts(s: Pick<HealSequence, 'objectsChecked' | 'objectsHealed' | 'shardsHealed' | 'recordsHealed' | 'unhealable'>): string {
  const unhealable = s.unhealable.items.length + s.unhealable.omitted;
  return `${s.objectsChecked} objects checked, ${s.objectsHealed} objects healed, ${s.shardsHealed} shards healed, `
    + `${s.recordsHealed} records healed, ${unhealable} unhealable`;
}

function driveLines(doc: BgHealStateDocument): string[] {
  const lines: string[] = [];
  for (const set of doc.sets) {
    for (const d of set.disks) {
      const h = d.heal_info;
      const rebuild = h === undefined ? '' : `  rebuild ${h.rebuildState} (${h.phase}): ${h.objectsScanned} scanned, `
        + `${h.items_healed} healed, ${h.items_failed} failed, started ${h.started}${h.finishedAt !== undefined ? `, ended ${h.finishedAt}` : ''}`;
      lines.push(`  set ${d.set_index + 1}  ${d.endpoint}  ${driveState(d)}${rebuild}`);
    }
  }
  return lines;
}

function workerLines(doc: BgHealStateDocument): string[] {
  if (!doc.backgroundWorkers) return ['Background workers: not in this server process (they run in the first one)'];
  const lines: string[] = [];
  if (doc.queue) lines.push(`Heal queue: ${doc.queue.length} queued, ${doc.queue.dropped} dropped (capacity ${doc.queue.capacity})`);
  const w = doc.healWorker;
  if (w) lines.push(`Heal worker: ${w.objectsChecked} checked, ${w.objectsHealed} healed, ${w.failures} failed${w.current ? `, now ${w.current}` : ''}`);
  const s = doc.scanner;
  if (s) {
    const last = s.lastPass === undefined ? 'no pass finished yet'
      : `last pass ${s.lastPass.objects} objects, ${s.lastPass.findings} findings${s.lastPass.finished ? ` (ended ${s.lastPass.finished})` : ''}`;
    lines.push(`Scanner: ${s.state}, ${s.passesDone} passes, ${last}`);
  }
  const d = doc.scrub;
  if (d) {
    const last = d.lastPass === undefined ? 'no pass finished yet'
      : `last pass ended ${d.lastPass.finished}: ${d.lastPass.objects} objects, ${d.lastPass.shardsHealed} shards healed, ${d.lastPass.unhealable} unhealable`;
    lines.push(`Scrub: ${d.state}, every ${Math.round(d.intervalSeconds / 3600)} h, ${last}${d.nextPass ? `, next ${d.nextPass}` : ''}`);
  }
  return lines;
}

export function formatHealStatus(doc: BgHealStateDocument): string {
  if (doc.isHealthy) return 'healthy\n';
  const lines = ['not healthy:', ...doc.problems.map((p) => `  - ${p}`), 'Drives:', ...driveLines(doc), ...workerLines(doc)];
  lines.push(`Healed since start: ${doc.healed.shards} shards, ${doc.healed.records} records`);
  const unhealable = doc.unhealable.items.length + doc.unhealable.omitted;
  if (unhealable > 0) lines.push(`Unhealable (${unhealable}):`, ...unhealableLines(doc.unhealable, '  '));
  const seq = doc.sequence;
  if (seq) lines.push(`Heal sequence ${seq.clientToken}: ${seq.state} (${mode(seq.deep)}), ${sequenceCounts(seq)}`);
  return `${lines.join('\n')}\n`;
}

export function formatHealStarted(doc: HealStartDocument, deep: boolean): string {
  return `heal started (${mode(deep)}), token ${doc.clientToken}\n`
    + 'follow it with: cairn admin heal status (or heal --wait next time)\n';
}

/** The end of `heal --wait`. */
export function formatHealSummary(doc: HealTaskStatusDocument): string {
  const lines = [`heal ${doc.clientToken} ${doc.state} (${mode(doc.deep)}): ${sequenceCounts(doc)}`];
  lines.push(...unhealableLines(doc.unhealable, '  unhealable: '));
  for (const f of doc.failures) lines.push(`  failure: ${f}`);
  return `${lines.join('\n')}\n`;
}
