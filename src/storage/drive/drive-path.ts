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

/** Largest metadata key LMDB accepts with the default page size. */
export const MAX_META_KEY_BYTES = 1978;

export function metaKeyBuffer(key: string): Buffer {
  if (typeof key !== 'string' || key.length === 0) throw new DrivePathError(String(key), 'empty metadata key');
  const buf = Buffer.from(key, 'utf8');
  if (buf.length > MAX_META_KEY_BYTES) throw new DrivePathError(key.slice(0, 64), `metadata key longer than ${MAX_META_KEY_BYTES} bytes`);
  return buf;
}
