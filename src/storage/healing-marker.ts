/**
 * The healing marker: a drive-local metadata entry that says "this drive is being rebuilt".
 * createStorage writes it on a drive it formats as a replacement BEFORE the drive's format
 * record, so a crash between the two leaves an unformatted drive (replaced again at the next
 * start), never a formatted drive nobody finishes healing. The marker stays across restarts
 * until the replaced-drive healer has rebuilt everything the drive should hold; every start
 * treats a drive that still carries it as replaced.
 */
import type { Drive } from './drive/drive.js';

/** `\0` first: outside every object-layer key range (b/, c/, o/, d/, u/, p/). */
export const HEALING_MARKER_KEY = '\u0000cairn/healing';

export async function writeHealingMarker(drive: Drive, now: number): Promise<void> {
  await drive.metaBatch([{ key: HEALING_MARKER_KEY, value: Buffer.from(JSON.stringify({ version: 1, since: now })) }]);
}

/** When the rebuild began (ms), or undefined when the drive carries no marker. */
export async function readHealingMarker(drive: Drive): Promise<number | undefined> {
  const raw = await drive.metaGet(HEALING_MARKER_KEY);
  if (raw === undefined) return undefined;
  try {
    const doc = JSON.parse(raw.toString('utf8')) as { since?: unknown };
    return typeof doc.since === 'number' ? doc.since : 0;
  } catch {
    return 0; // an unreadable marker still means "not finished"
  }
}

export async function clearHealingMarker(drive: Drive): Promise<void> {
  await drive.metaBatch([{ key: HEALING_MARKER_KEY, value: null }]);
}
