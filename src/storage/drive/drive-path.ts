/**
 * Validation of the relative paths a Drive accepts for shard files. Paths are built by the
 * engine from opaque ids, never from object keys; anything that could reach outside the
 * drive's data area (`..`, absolute, NUL, backslash, empty segments) or touch the drive's
 * own bookkeeping (the metadata env, the format record) is refused with DrivePathError.
 */
import { DrivePathError } from '../../errors/domain-errors.js';

/** First path segments reserved for the drive itself (plus anything starting with `format.json`). */
const RESERVED_TOP = new Set(['meta']);

/** Max length of a relative drive path (bytes of UTF-8). */
const MAX_PATH_BYTES = 1024;

/** Returns the normalized segments of a valid relative path, or throws DrivePathError. */
export function validateDrivePath(path: string): string[] {
  if (typeof path !== 'string' || path.length === 0) throw new DrivePathError(String(path), 'empty path');
  if (path.includes('\0')) throw new DrivePathError(path, 'contains NUL');
  if (path.includes('\\')) throw new DrivePathError(path, 'contains a backslash');
  if (path.startsWith('/')) throw new DrivePathError(path, 'absolute path');
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) throw new DrivePathError(path, 'path too long');
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.split('/');
  for (const seg of segments) {
    if (seg === '') throw new DrivePathError(path, 'empty segment');
    if (seg === '..' || seg === '.') throw new DrivePathError(path, `segment "${seg}" not allowed`);
  }
  if (RESERVED_TOP.has(segments[0]!) || segments[0]!.startsWith('format.json')) throw new DrivePathError(path, `"${segments[0]}" is reserved`);
  return segments;
}

/**
 * `root` + '/' + the relative `path` (a trailing slash dropped) when validateDrivePath accepts
 * it, else validateDrivePath's DrivePathError. One pass over the characters and a
 * concatenation: the segments array and path.join cost ~3 µs of every file a GET opens (issue
 * #15), and a path valid here has no '.', '..' or empty segment for join to normalize.
 */
export function resolveDrivePath(root: string, path: string): string {
  if (!isPlainDrivePath(path)) validateDrivePath(path); // throws the exact error
  return `${root}/${path.charCodeAt(path.length - 1) === SLASH ? path.slice(0, -1) : path}`;
}

const SLASH = 0x2f;
const DOT = 0x2e;

/** True only for a path validateDrivePath accepts (false may also mean "let it decide"). */
function isPlainDrivePath(path: string): boolean {
  if (typeof path !== 'string' || path.length === 0 || path.length * 3 > MAX_PATH_BYTES) return false;
  const end = path.charCodeAt(path.length - 1) === SLASH ? path.length - 1 : path.length;
  let start = 0;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? path.charCodeAt(i) : SLASH;
    if (c === 0 || c === 0x5c) return false; // NUL, backslash
    if (c !== SLASH) continue;
    const len = i - start;
    if (len === 0) return false; // empty segment (or absolute)
    if (path.charCodeAt(start) === DOT && (len === 1 || (len === 2 && path.charCodeAt(start + 1) === DOT))) return false;
    if (start === 0 && (path.startsWith('format.json') || (len === 4 && path.startsWith('meta')))) return false;
    start = i + 1;
  }
  return true;
}

/** Largest metadata key LMDB accepts with the default page size. */
export const MAX_META_KEY_BYTES = 1978;

export function metaKeyBuffer(key: string): Buffer {
  if (typeof key !== 'string' || key.length === 0) throw new DrivePathError(String(key), 'empty metadata key');
  const buf = Buffer.from(key, 'utf8');
  if (buf.length > MAX_META_KEY_BYTES) throw new DrivePathError(key.slice(0, 64), `metadata key longer than ${MAX_META_KEY_BYTES} bytes`);
  return buf;
}
