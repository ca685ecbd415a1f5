/**
 * Per-call deadline for drive I/O on the data path: a drive that does not answer one frame
 * read or write in time is treated like a failed drive (dropped from the write, replaced by
 * parity on a read) instead of hanging the request. The late call still settles on its own.
 */
import { DriveOfflineError } from '../../errors/domain-errors.js';

/** Default deadline for one frame read/write or file open (ms). */
export const DEFAULT_DRIVE_TIMEOUT_MS = 30_000;

/** The cause of the DriveOfflineError a missed deadline raises (the drive may still be online). */
export class DriveDeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DriveDeadlineError';
  }
}

export function withDriveTimeout<T>(p: Promise<T>, ms: number, endpoint: string): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) return p;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DriveOfflineError(endpoint, { cause: new DriveDeadlineError(ms) })), ms);
    p.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e: unknown) => { clearTimeout(timer); reject(e); },
    );
  });
}
