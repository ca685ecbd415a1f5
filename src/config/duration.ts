/** Durations and rates of the background-work settings (`30d`, `6h`, `90s`, `250ms`, `off`). */
import { ConfigError } from './config-error.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Longer than any sensible cycle; keeps setTimeout (max ~24.8 days per call) far from overflow math. */
const MAX_MS = 3650 * 86_400_000;

/** `<number><ms|s|m|h|d>` (a bare number is seconds) to milliseconds, > 0. */
export function parseDuration(raw: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw.trim());
  const ms = m ? Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']!) : NaN;
  if (!(ms > 0 && ms <= MAX_MS)) throw new ConfigError(`${name}: expected a duration such as 90s, 30m, 6h or 30d, got ${JSON.stringify(raw)}`);
  return ms;
}

/** A duration, or `off` (0: the worker does not run). */
export function parseDurationOrOff(raw: string, name: string): number {
  return /^(off|0)$/i.test(raw.trim()) ? 0 : parseDuration(raw, name);
}

/** A positive number (a rate: objects or MiB per second), 0 for unlimited. */
export function parseRate(raw: string, name: string): number {
  const v = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(v) || Number(v) > 1e9) throw new ConfigError(`${name}: expected a number >= 0 (0: unlimited), got ${JSON.stringify(raw)}`);
  return Number(v);
}
