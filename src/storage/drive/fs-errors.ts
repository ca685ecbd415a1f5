/**
 * Maps Node fs errors (errno codes) to the storage domain errors of the Drive contract.
 * The decision whether a failure also counts against the drive's health is returned with it.
 */
import { BitrotError, DriveFullError, DriveOfflineError, DrivePathError, FileNotFoundError, isCairnError, type CairnError } from '../../errors/domain-errors.js';

export type FsErrorKind = 'missing' | 'full' | 'offline' | 'path';

export function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Classify an errno: what it means for the caller. */
export function classifyFsError(err: unknown): FsErrorKind {
  switch (errnoOf(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
      return 'missing';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'full';
    case 'ENOTEMPTY':
    case 'EEXIST':
    case 'ENAMETOOLONG':
    case 'EINVAL':
      return 'path';
    default:
      // EIO, EACCES, EPERM, EROFS, EBADF, ESTALE, ... and anything unknown.
      return 'offline';
  }
}

export function toDriveError(err: unknown, drive: string, path: string): CairnError {
  if (isCairnError(err)) return err;
  switch (classifyFsError(err)) {
    case 'missing': return new FileNotFoundError(path);
    case 'full': return new DriveFullError(drive, { cause: err });
    case 'path': return new DrivePathError(path, `${errnoOf(err) ?? 'error'} on ${drive}`);
    default: return new DriveOfflineError(drive, { cause: err });
  }
}

/** A read returned fewer bytes than the caller asked for: the file is truncated. */
export function shortReadError(drive: string, path: string): BitrotError {
  return new BitrotError(drive, path);
}
