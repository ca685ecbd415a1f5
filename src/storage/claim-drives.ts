/**
 * What a server does with its drive arguments before it opens any drive: expand the ranges,
 * check every argument (drive/drive-arguments.ts), then take the hold of every drive
 * (drive/drive-hold.ts). A refusal at any step undoes the holds already taken and the
 * directories they created, so a refused start leaves nothing behind on any drive.
 * The caller keeps the claim for as long as it serves and releases it on close; once it
 * listens it announces its address, which a refused second server is told.
 */
import { checkDriveArguments } from './drive/drive-arguments.js';
import { DriveHold } from './drive/drive-hold.js';
import { expandEndpoints } from './placement/endpoint-expansion.js';

export interface ClaimDrivesOptions {
  /** Drive arguments as typed (ranges allowed). */
  readonly drives: readonly string[];
  /** Mode of directories created for a drive (the drive itself, `.cairn`). */
  readonly dirMode: number;
  /** Mode of the lock file. */
  readonly fileMode: number;
}

export interface DriveClaim {
  readonly holds: readonly DriveHold[];
  /** Whether this process took the holds itself (false: a `--workers` process under its primary). */
  readonly isHolder: boolean;
  /** Records the server's address in every lock this process holds. */
  announce(address: string): Promise<void>;
  release(): Promise<void>;
}

export async function claimDrives(opts: ClaimDrivesOptions): Promise<DriveClaim> {
  const checked = await checkDriveArguments(expandEndpoints(opts.drives));
  const holds: DriveHold[] = [];
  try {
    for (const d of checked) {
      holds.push(await DriveHold.take({ root: d.path, endpoint: d.endpoint, dirMode: opts.dirMode, fileMode: opts.fileMode }));
    }
  } catch (err) {
    for (const h of holds.reverse()) await h.undo();
    throw err;
  }
  let released: Promise<void> | undefined;
  return {
    holds,
    isHolder: holds.some((h) => h.kind === 'own'),
    announce: async (address) => { await Promise.all(holds.map((h) => h.announce(address))); },
    release: () => {
      released ??= Promise.all(holds.map((h) => h.release())).then(() => undefined);
      return released;
    },
  };
}
