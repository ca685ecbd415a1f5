// The workload matrix of `npm run bench`: one row per workload, as s3bench arguments.
// Rows with `target: 'big-list'` run only against Cairn on the cached big-listing drive, rows
// with `cairnOnly` against every server but the ceiling; every other row runs against every
// server, alternating A B A B so that machine drift cancels.

export const KEEP_BUCKET = 'bench-keep'; // objects kept across rounds (get and list rows)

/**
 * @param {object} o
 * @param {boolean} o.quick       ~2 minute run
 * @param {number} o.durationS    measured seconds per run
 * @param {number} o.warmupS      unmeasured seconds before each run
 * @param {number} o.bigListObjects objects in the big listing bucket
 */
export function buildMatrix({ quick, durationS, warmupS, bigListObjects }) {
  const d = ['-d', `${durationS}s`, '-w', `${warmupS}s`];
  // a 64 MiB or 256 MiB operation takes a second or more: those rows run a fixed number of
  // operations (all counted, no warmup) instead of a time window that would cut most of them off
  const nOps = (full, q) => ['-n', String(quick ? q : full), '-w', '0s', '-d', '240s'];
  const keep = (prefix) => ['--bucket', KEEP_BUCKET, '--key-prefix', prefix, '--prepare-if-missing', '--no-cleanup'];
  const rows = [
    { label: 'put-4KiB-c1', args: ['put', '-z', '4KiB', '-c', '1', ...d] },
    { label: 'put-4KiB-c16', workers: true, args: ['put', '-z', '4KiB', '-c', '16', ...d] },
    { label: 'get-4KiB-c1', args: ['get', '-z', '4KiB', '-c', '1', '--objects', '1000', '--verify', ...keep('g4k-'), ...d] },
    { label: 'get-4KiB-c16', workers: true, args: ['get', '-z', '4KiB', '-c', '16', '--objects', '1000', '--verify', ...keep('g4k-'), ...d] },
    { label: 'put-256KiB-c8', args: ['put', '-z', '256KiB', '-c', '8', ...d] },
    { label: 'get-256KiB-c8', args: ['get', '-z', '256KiB', '-c', '8', '--objects', quick ? '64' : '256', '--verify', ...keep('g256k-'), ...d] },
    { label: 'put-1MiB-c8', args: ['put', '-z', '1MiB', '-c', '8', ...d] },
    { label: 'get-1MiB-c8', args: ['get', '-z', '1MiB', '-c', '8', '--objects', quick ? '32' : '128', '--verify', ...keep('g1m-'), ...d] },
    { label: 'put-64MiB-c4', args: ['put', '-z', '64MiB', '-c', '4', ...nOps(12, 4)] },
    { label: 'get-64MiB-c4', args: ['get', '-z', '64MiB', '-c', '4', '--objects', quick ? '4' : '8', '--verify', ...keep('g64m-'), ...nOps(16, 4)] },
    {
      label: 'multipart-256MiB-c2',
      args: ['multipart', '-z', quick ? '64MiB' : '256MiB', '-c', '2', '--part-size', '16MiB', '--part-concurrency', '4',
        ...nOps(4, 2)],
    },
    { label: 'delete-4KiB-c16', workers: true, args: ['delete', '-z', '4KiB', '-c', '16', '--objects', quick ? '1000' : '4000', '-d', `${durationS}s`] },
    { label: 'mixed-64KiB-c16', workers: true, args: ['mixed', '-z', '64KiB', '-c', '16', '--objects', quick ? '200' : '500', '--verify', ...d] },
  ];
  for (const mode of ['page', 'dir', 'root']) {
    rows.push({
      label: `list-1k-${mode}`,
      args: ['list', '-z', '64B', '-c', '4', '--objects', '1000', '--layout', 'dirs', '--list-mode', mode, ...keep('l1k/'), ...d],
    });
  }
  // ListObjectVersions over the same 1,000 objects, ListMultipartUploads over 1,000 pending
  // uploads: Cairn only (the bare server has neither), server CPU per page of 1,000 (issue #15).
  rows.push({
    label: 'list-1k-versions', cairnOnly: true,
    args: ['list', '-z', '64B', '-c', '4', '--objects', '1000', '--layout', 'dirs', '--list-mode', 'versions', ...keep('l1k/'), ...d],
  });
  rows.push({
    label: 'list-1k-uploads', cairnOnly: true,
    args: ['list', '-z', '64B', '-c', '4', '--objects', '1000', '--layout', 'dirs', '--list-mode', 'uploads', ...keep('l1ku/'), ...d],
  });
  for (const mode of ['page', 'dir', 'root']) {
    rows.push({
      label: `list-${bigLabel(bigListObjects)}-${mode}`, target: 'big-list',
      args: ['list', '-z', '64B', '-c', '4', '--objects', String(bigListObjects), '--layout', 'dirs', '--list-mode', mode,
        '--bucket', BIG_LIST_BUCKET, '--key-prefix', BIG_LIST_PREFIX, '--no-prepare', '--no-cleanup', '--no-create-bucket', ...d],
    });
  }
  for (const r of rows) {
    r.workload = r.args[0];
    // prepare (up to 4,000 PUTs, or 512 MiB) + run + cleanup; generous, but bounded
    r.timeoutMs = 600_000;
  }
  return rows;
}

export const BIG_LIST_BUCKET = 'bench-biglist';
export const BIG_LIST_PREFIX = 'b/';

export function bigLabel(n) {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

/** Description of each workload for the report. */
export const ROW_NOTES = {
  page: 'ListObjectsV2, 1,000 keys from a random start-after',
  dir: 'ListObjectsV2 prefix=<dir>/ delimiter=/ (1,000 keys)',
  root: 'ListObjectsV2 delimiter=/ at the top (common prefixes, one per 1,000 keys)',
};
