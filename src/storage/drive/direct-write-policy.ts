/**
 * Whether a new shard file written in one call (a PUT's shard of one erasure block,
 * LocalNewFileWriter) goes to the device with O_DIRECT (`CAIRN_DIRECT_WRITES`, native file
 * calls only): its whole 4 KiB blocks are written from an aligned buffer of the pool thread
 * instead of being copied into page-cache pages first (native/fileio, writeFile's `direct`).
 *
 * - `on` (default): files of at least DIRECT_WRITE_MIN_BYTES.
 * - `off`: every file through the page cache.
 *
 * Why: a shard file is fdatasynced at once and read later, if ever; the buffered write's copy
 * into freshly allocated page-cache pages was most of a 1 MiB PUT's system time on this
 * machine (README "Mid-size objects", direct writes). MinIO writes its shards with O_DIRECT
 * too. Below the threshold the copy is cheap and a direct write saves nothing measurable,
 * while a GET soon after the PUT finds the pages cached.
 */
/** The smallest file written with O_DIRECT (measured: README "Mid-size objects"). */
export const DIRECT_WRITE_MIN_BYTES = 256 * 1024;

let enabled = true;

/** Chooses the policy for the process (compose does, from CAIRN_DIRECT_WRITES on|off). */
export function selectDirectWrites(on: boolean): void {
  enabled = on;
}

/** True when a new file of `bytes` is written with O_DIRECT. */
export function writeDirect(bytes: number): boolean {
  return enabled && bytes >= DIRECT_WRITE_MIN_BYTES;
}
