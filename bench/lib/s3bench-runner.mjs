// Runs one s3bench workload against one server as a child process and returns its JSON,
// with the server's peak RSS over the run added.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR } from './servers.mjs';
import { withPeakRss, treeRssAnonMiB } from './proc-stats.mjs';

export const S3BENCH = path.join(BENCH_DIR, 'tools', 's3bench.mjs');

/** Runs s3bench with args; resolves {code, stdout, stderr}. Killed after timeoutMs. */
export function runS3bench(args, timeoutMs, onStderr = null) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [S3BENCH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); if (onStderr) onStderr(String(d).trim()); });
    const timer = setTimeout(() => { stderr += `\n[killed after ${timeoutMs / 1000}s]`; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code, sig) => { clearTimeout(timer); resolve({ code: code ?? sig, stdout, stderr }); });
  });
}

/** The JSON object s3bench printed last, or null. */
export function lastJson(stdout) {
  const lines = stdout.trim().split('\n').filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    try { return JSON.parse(lines[i]); } catch { /* not JSON */ }
  }
  return null;
}

/**
 * One measured run: workload args + endpoint/credentials/server pid, under a peak-RSS meter.
 * Returns the s3bench JSON plus {name, row, round, peak_rss_mib}, or {failed, error}.
 * Dirty pages are flushed first (`sync`), so no run absorbs the writeback of the one before
 * it (a 1 MiB GET row measured right after the bare server's 1 MiB PUT run got 0.52 of the
 * ceiling in a full bench, 1.0-1.5 alone).
 */
export async function measure({ server, row, round, args, timeoutMs }) {
  spawnSync('sync');
  const full = [...args, '-e', server.url, '-a', server.accessKey, '-s', server.secretKey,
    '--server-pid', String(server.pid), '--label', server.name];
  const { result, peakRssMiB } = await withPeakRss(server.pid, () => runS3bench(full, timeoutMs));
  const j = lastJson(result.stdout);
  const anon = treeRssAnonMiB(server.pid);
  const base = { name: server.name, row, round, peak_rss_mib: Math.round(peakRssMiB * 10) / 10, rss_anon_end_mib: anon == null ? null : Math.round(anon * 10) / 10 };
  if (!j) return { ...base, failed: true, errors: 1, error: (result.stderr || `exit ${result.code}`).trim().slice(-600) };
  return { ...j, ...base };
}
