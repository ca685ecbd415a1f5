/** Value parsers of the config schema; each throws ConfigError naming the setting. */
import { ConfigError } from './config-error.js';

export interface ListenAddress {
  /** '' = every interface. */
  readonly host: string;
  readonly port: number;
}

/** `HOST:PORT`, `:PORT`, `[IPv6]:PORT`. */
export function parseAddress(raw: string, name: string): ListenAddress {
  const v = raw.trim();
  let host: string;
  let port: string;
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    if (end < 0 || v[end + 1] !== ':') throw new ConfigError(`${name}: expected [IPv6]:PORT, got ${JSON.stringify(raw)}`);
    host = v.slice(1, end);
    port = v.slice(end + 2);
  } else {
    const colon = v.lastIndexOf(':');
    if (colon < 0) throw new ConfigError(`${name}: expected HOST:PORT or :PORT, got ${JSON.stringify(raw)}`);
    host = v.slice(0, colon);
    port = v.slice(colon + 1);
    if (host.includes(':')) throw new ConfigError(`${name}: IPv6 hosts must be bracketed, got ${JSON.stringify(raw)}`);
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new ConfigError(`${name}: invalid port in ${JSON.stringify(raw)}`);
  if (host !== '' && !/^[A-Za-z0-9.:%_-]+$/.test(host)) throw new ConfigError(`${name}: invalid host in ${JSON.stringify(raw)}`);
  return { host, port: Number(port) };
}

/** `jwt` (a bearer token is needed) or `public` (anyone may scrape). */
export function parsePrometheusAuth(raw: string, name: string): 'jwt' | 'public' {
  const v = raw.trim().toLowerCase();
  if (v === 'jwt' || v === 'public') return v;
  throw new ConfigError(`${name}: expected jwt or public, got ${JSON.stringify(raw)}`);
}

export function parseOnOff(raw: string, name: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === 'on' || v === 'true' || v === '1') return true;
  if (v === 'off' || v === 'false' || v === '0') return false;
  throw new ConfigError(`${name}: expected on or off, got ${JSON.stringify(raw)}`);
}

/** An S3 Object Ownership setting (BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter). */
export function parseObjectOwnership(raw: string, name: string): 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' {
  const v = raw.trim();
  if (v === 'BucketOwnerEnforced' || v === 'BucketOwnerPreferred' || v === 'ObjectWriter') return v;
  throw new ConfigError(`${name}: expected BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter, got ${JSON.stringify(raw)}`);
}

export function parseString(raw: string): string {
  return raw;
}

/** CAIRN_SSE_CIPHER: the cipher of newly encrypted objects. */
export function parseSseCipher(raw: string, name: string): 'aes-256-gcm' | 'chacha20-poly1305' {
  const v = raw.trim().toLowerCase();
  if (v === 'aes-256-gcm' || v === 'chacha20-poly1305') return v;
  throw new ConfigError(`${name}: expected aes-256-gcm or chacha20-poly1305, got ${JSON.stringify(raw)}`);
}

/** CAIRN_SSE_ENGINE: the implementation of the SSE ciphers. */
export function parseSseEngine(raw: string, name: string): 'auto' | 'native' | 'openssl' | 'node' {
  const v = raw.trim().toLowerCase();
  if (v === 'auto' || v === 'native' || v === 'openssl' || v === 'node') return v;
  throw new ConfigError(`${name}: expected auto, native, openssl or node, got ${JSON.stringify(raw)}`);
}

export function parseFileIo(raw: string, name: string): 'auto' | 'native' | 'node' {
  const v = raw.trim().toLowerCase();
  if (v === 'auto' || v === 'native' || v === 'node') return v;
  throw new ConfigError(`${name}: expected auto, native or node, got ${JSON.stringify(raw)}`);
}

export function parseDataCache(raw: string, name: string): 'auto' | 'keep' | 'drop' {
  const v = raw.trim().toLowerCase();
  if (v === 'auto' || v === 'keep' || v === 'drop') return v;
  throw new ConfigError(`${name}: expected auto, keep or drop, got ${JSON.stringify(raw)}`);
}

/** Comma-separated list; empty items dropped. */
export function parseList(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Lower-case DNS names (virtual-host domains). */
export function parseDomains(raw: string, name: string): string[] {
  const list = parseList(raw).map((d) => d.toLowerCase());
  for (const d of list) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(d) || d.length > 253) {
      throw new ConfigError(`${name}: invalid domain ${JSON.stringify(d)}`);
    }
  }
  return list;
}

export function parseRegion(raw: string, name: string): string {
  const v = raw.trim();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(v)) throw new ConfigError(`${name}: invalid region ${JSON.stringify(raw)}`);
  return v;
}

/** Seconds as a positive number → milliseconds. */
export function parseSecondsToMs(raw: string, name: string): number {
  const v = raw.trim().replace(/s$/, '');
  if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0 || Number(v) > 86_400) throw new ConfigError(`${name}: expected seconds (0 < s <= 86400), got ${JSON.stringify(raw)}`);
  return Math.round(Number(v) * 1000);
}

/** `EC:N`. */
export function parseStorageClass(raw: string, name: string): string {
  const v = raw.trim();
  if (!/^EC:\d{1,2}$/.test(v)) throw new ConfigError(`${name}: expected EC:N, got ${JSON.stringify(raw)}`);
  return v;
}

/** Worker process count: a positive integer (at most 256) or `auto` (one per core, resolved at start). */
export function parseWorkers(raw: string, name: string): number | 'auto' {
  const v = raw.trim().toLowerCase();
  if (v === 'auto') return 'auto';
  if (!/^\d{1,3}$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new ConfigError(`${name}: expected a count 1..256 or auto, got ${JSON.stringify(raw)}`);
  return Number(v);
}

/** Hash worker threads: an integer 0..16 (0 = hash on the event loop). */
export function parseHashThreads(raw: string, name: string): number {
  const v = raw.trim();
  if (!/^\d{1,2}$/.test(v) || Number(v) > 16) throw new ConfigError(`${name}: expected a thread count 0..16, got ${JSON.stringify(raw)}`);
  return Number(v);
}

/** A percentage 0..1000 (V8's heap growing factor: 1 + percent/100; 0 = V8's own). */
export function parseHeapGrowth(raw: string, name: string): number {
  const v = raw.trim();
  if (!/^\d{1,4}$/.test(v) || Number(v) > 1000) throw new ConfigError(`${name}: expected a percentage 0..1000, got ${JSON.stringify(raw)}`);
  return Number(v);
}

/**
 * An octal permission mode (`0600`, `640`, `0o700`); `least` is what the owner must keep
 * (the server itself reads and writes what it creates).
 */
export function parseMode(least: number): (raw: string, name: string) => number {
  return (raw, name) => {
    const v = raw.trim().replace(/^0o/i, '');
    if (!/^[0-7]{3,4}$/.test(v) || Number.parseInt(v, 8) > 0o777) throw new ConfigError(`${name}: expected an octal mode such as 0600, got ${JSON.stringify(raw)}`);
    const mode = Number.parseInt(v, 8);
    if ((mode & least) !== least) throw new ConfigError(`${name}: the owner needs at least ${least.toString(8).padStart(4, '0')}, got ${JSON.stringify(raw)}`);
    return mode;
  };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function parseLogLevel(raw: string, name: string): LogLevel {
  const v = raw.trim().toLowerCase();
  const level = LOG_LEVELS.find((l) => l === v);
  if (level === undefined) throw new ConfigError(`${name}: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(raw)}`);
  return level;
}

/** Largest inline threshold accepted: an LMDB value this big is already 256 overflow pages. */
export const MAX_INLINE_THRESHOLD = 1024 * 1024;

/** A byte count 0..1 MiB, plain (`65536`) or with a binary unit (`64KiB`, `1MiB`). */
export function parseInlineThreshold(raw: string, name: string): number {
  const m = /^\s*(\d{1,7})\s*(B|KiB|MiB)?\s*$/.exec(raw);
  const v = m ? Number(m[1]) * (m[2] === 'MiB' ? 1024 * 1024 : m[2] === 'KiB' ? 1024 : 1) : NaN;
  if (!Number.isSafeInteger(v) || v > MAX_INLINE_THRESHOLD) throw new ConfigError(`${name}: expected a size 0..1MiB (e.g. 65536, 64KiB), got ${JSON.stringify(raw)}`);
  return v;
}
