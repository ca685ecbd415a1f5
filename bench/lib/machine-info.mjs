// The machine a run happened on (cores, memory, disk, Node) and its raw disk speed (fio).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function machineInfo(dir) {
  let df = null;
  try { df = execFileSync('df', ['-hT', dir], { encoding: 'utf8' }).trim().split('\n').pop().replace(/\s+/g, ' '); } catch { /* no df */ }
  return {
    cores: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? null,
    mem_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    disk_df: df,
    node: process.version,
    kernel: os.release(),
    loadavg_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Reduces fio's JSON to bandwidth, IOPS and completion-latency percentiles. */
export function fioSummary(j) {
  const job = j.jobs[0];
  const side = job.write.io_bytes > 0 ? 'write' : 'read';
  const s = job[side];
  const r2 = (x) => Math.round(x * 100) / 100;
  const pct = (o, p) => (o && o.percentile ? r2(o.percentile[p] / 1e3) : null);
  const out = {
    rw: job['job options'].rw, bs: job['job options'].bs,
    mib_per_s: r2(s.bw_bytes / 1048576), iops: Math.round(s.iops),
    clat_p50_us: pct(s.clat_ns, '50.000000'), clat_p99_us: pct(s.clat_ns, '99.000000'),
  };
  if (job.sync && job.sync.total_ios) out.fsync_p50_us = pct(job.sync.lat_ns, '50.000000');
  return out;
}

function fio(label, file, args) {
  const r = spawnSync('fio', [`--name=${label}`, `--filename=${file}`, '--output-format=json', ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return { error: r.error.code === 'ENOENT' ? 'fio not installed (apt-get install -y fio)' : r.error.message };
  if (r.status !== 0) return { error: (r.stderr || `fio exit ${r.status}`).slice(0, 300) };
  try { return fioSummary(JSON.parse(r.stdout.slice(r.stdout.indexOf('{')))); } catch (e) { return { error: `fio output: ${e.message}` }; }
}

/**
 * Raw disk figures on dir (the file system the servers' temp dirs live on), as limits.sh
 * measures them: sequential 1 MiB write with a final fsync, sequential 1 MiB read through the
 * page cache and with O_DIRECT, 4 KiB random writes with fsync each.
 */
export function diskFigures(dir, { quick }) {
  const file = path.join(dir, `cairn-bench-fio.${process.pid}`);
  const size = quick ? '256M' : '1G';
  const runtime = quick ? '3' : '6';
  try {
    return {
      dir, fs: dfType(dir), size,
      seq_write_1m_end_fsync: fio('seqwrite', file, ['--rw=write', '--bs=1M', `--size=${size}`, '--ioengine=psync', '--end_fsync=1', `--runtime=${runtime}`]),
      seq_read_1m_buffered: fio('seqread', file, ['--rw=read', '--bs=1M', `--size=${size}`, '--ioengine=psync', `--runtime=${runtime}`]),
      seq_read_1m_direct: fio('seqreadd', file, ['--rw=read', '--bs=1M', `--size=${size}`, '--direct=1', '--ioengine=libaio', '--iodepth=16', `--runtime=${runtime}`]),
      rand_write_4k_fsync_each: fio('randw', file + '.r', ['--rw=randwrite', '--bs=4k', '--size=64M', '--ioengine=psync', '--fsync=1', `--runtime=${runtime}`, '--time_based']),
    };
  } finally {
    rmSync(file, { force: true });
    rmSync(file + '.r', { force: true });
  }
}

function dfType(dir) {
  try { return execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n').pop().split(/\s+/).slice(0, 2).reverse().join(' '); } catch { return null; }
}

/** Machine-wide CPU busy % between two readings of /proc/stat. */
export function cpuTimes() {
  const l = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = l;
  return { busy: user + nice + system + irq + softirq + steal, total: l.reduce((a, b) => a + b, 0) };
}
