/**
 * Whether new shard files go to the device with O_DIRECT (`CAIRN_DIRECT_WRITES`, native file
 * calls only): their whole 4 KiB blocks are written from an aligned buffer of the pool thread
 * instead of being copied into page-cache pages first (native/fileio: writeFile's `direct`, and
 * the `writevCarry` writes of a file opened with O_DIRECT, whose last bytes, under a block, go
 * through the page cache when it is finished).
 *
 * - `on` (default): a file written whole in one call (a PUT's shard of one erasure block,
 *   LocalNewFileWriter) of at least DIRECT_WRITE_MIN_BYTES, and every file written in a stream
 *   (LocalFileWriter: the shards of larger objects, parts, heal's rebuilt shards).
 * - `off`: every file through the page cache.
 *
 * Why: a shard file is fdatasynced at once and read later, if ever; the buffered write's copy
 * into freshly allocated page-cache pages was most of a 1 MiB PUT's CPU on this machine
 * (README "Mid-size objects", direct writes). MinIO writes its shards with O_DIRECT too. Below
 * the threshold a whole-file write saves nothing measurable, while a GET soon after the PUT
 * finds the pages cached.
 */

/** The smallest file written whole with O_DIRECT (measured: README "Mid-size objects"). */
export const DIRECT_WRITE_MIN_BYTES = 256 * 1024;

let enabled = true;

/** Chooses the policy for the process (compose does, from CAIRN_DIRECT_WRITES on|off). */
export function selectDirectWrites(on: boolean): void {
  enabled = on;
}

/** True when a new file of `bytes` written in one call is written with O_DIRECT. */
export function writeDirect(bytes: number): boolean {
  return enabled && bytes >= DIRECT_WRITE_MIN_BYTES;
}

/** True when a file written in a stream (size not known up front) is opened with O_DIRECT. */
export function streamDirect(): boolean {
  return enabled;
}
