/**
 * Expansion of drive arguments with ellipsis ranges, as the operator types them:
 * `/data/d{1...8}` → /data/d1 … /data/d8; `{01...16}` keeps the zero padding; several ranges
 * in one argument expand as a cartesian product (leftmost range varies slowest); several
 * arguments are concatenated in order. 1 to 64 drives; duplicates are refused.
 */
import { resolve } from 'node:path';
import { FormatError } from '../../errors/domain-errors.js';

export const MAX_DRIVES = 64;
const RANGE = /\{(\d+)\.\.\.(\d+)\}/;

export function expandEndpoints(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (typeof arg !== 'string' || arg.trim() === '') throw new FormatError('empty drive argument');
    for (const e of expandOne(arg)) {
      out.push(e);
      if (out.length > MAX_DRIVES) throw new FormatError(`too many drives: at most ${MAX_DRIVES} are supported`);
    }
  }
  if (out.length === 0) throw new FormatError('no drives given');
  const seen = new Map<string, string>();
  for (const e of out) {
    const norm = resolve(e);
    const prev = seen.get(norm);
    if (prev !== undefined) throw new FormatError(`duplicate drive ${e} (same as ${prev})`);
    seen.set(norm, e);
  }
  return out;
}

function expandOne(arg: string): string[] {
  if (arg.includes('{') !== RANGE.test(arg) || /\{(?!\d+\.\.\.\d+\})/.test(arg)) {
    throw new FormatError(`malformed range in drive argument ${arg}: use {1...8}`);
  }
  const m = RANGE.exec(arg);
  if (m === null) return [arg];
  const [whole, a, b] = m as unknown as [string, string, string];
  const lo = Number(a);
  const hi = Number(b);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
    throw new FormatError(`bad range {${a}...${b}} in ${arg}: start must not exceed end`);
  }
  if (hi - lo + 1 > MAX_DRIVES) throw new FormatError(`range {${a}...${b}} in ${arg} is larger than ${MAX_DRIVES} drives`);
  const width = a.length > 1 && a.startsWith('0') ? a.length : 0;
  const prefix = arg.slice(0, m.index);
  const rest = expandOne(arg.slice(m.index + whole.length));
  const out: string[] = [];
  for (let i = lo; i <= hi; i++) {
    const num = width > 0 ? String(i).padStart(width, '0') : String(i);
    for (const tail of rest) {
      out.push(prefix + num + tail);
      if (out.length > MAX_DRIVES) throw new FormatError(`drive argument ${arg} expands to more than ${MAX_DRIVES} drives`);
    }
  }
  return out;
}
