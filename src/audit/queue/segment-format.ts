/**
 * The line format of audit queue segments: one record per line,
 *
 *   <crc32c of the JSON, 8 hex> <space> <JSON (no raw newline)> \n
 *
 * A line whose checksum does not match, or a last line without its newline, is not a record:
 * a crash (even SIGKILL mid-write) can only tear the end of the file, and the scan finds where
 * the valid prefix ends so the queue can cut the rest off instead of replaying garbage.
 */
import { crc32c } from '../../util/crc32c.js';

const NL = 0x0a;

const crcHex = (data: Buffer | string): string => crc32c(data).toString(16).padStart(8, '0');
const HEADER = 9; // 8 hex + space

export function frameRecord(json: string): string {
  return `${crcHex(json)} ${json}\n`;
}

export interface ScannedLine {
  /** The record's JSON, undefined for a damaged line. */
  readonly json: string | undefined;
  /** Byte offset just past the line's newline. */
  readonly end: number;
}

function checkLine(buf: Buffer, start: number, nl: number): string | undefined {
  if (nl - start < HEADER + 1 || buf[start + 8] !== 0x20) return undefined;
  const body = buf.subarray(start + HEADER, nl);
  const want = buf.toString('latin1', start, start + 8);
  return crcHex(body) === want ? body.toString('utf8') : undefined;
}

/**
 * The complete lines of `buf` from `from` on, at most `max` valid ones (damaged ones are
 * returned too, with json undefined, and do not count). Stops at a line without newline.
 */
export function scanLines(buf: Buffer, from: number, max = Number.POSITIVE_INFINITY): ScannedLine[] {
  const out: ScannedLine[] = [];
  let valid = 0;
  let pos = from;
  while (pos < buf.length && valid < max) {
    const nl = buf.indexOf(NL, pos);
    if (nl < 0) break;
    const json = checkLine(buf, pos, nl);
    out.push({ json, end: nl + 1 });
    if (json !== undefined) valid++;
    pos = nl + 1;
  }
  return out;
}

/** Where the valid records of a whole segment end: everything after is a torn tail. */
export function validPrefix(buf: Buffer): { end: number; records: number; damaged: number; last: string | undefined } {
  let end = 0;
  let records = 0;
  let damagedSinceValid = 0;
  let damaged = 0;
  let last: string | undefined;
  for (const line of scanLines(buf, 0)) {
    if (line.json === undefined) { damagedSinceValid++; continue; }
    damaged += damagedSinceValid; // damage followed by a valid record is skipped, not cut
    damagedSinceValid = 0;
    records++;
    last = line.json;
    end = line.end;
  }
  return { end, records, damaged, last };
}
