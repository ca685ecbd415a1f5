// Aggregates the raw runs (median over rounds) into ratios to the ceiling, and renders markdown.

export const CEILING = 'ceiling';

export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
const r3 = (x) => (x == null ? null : Math.round(x * 1000) / 1000);
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : r3(a / b));

/** One server's figures for one row, from its runs (one per round). */
export function summarize(runs) {
  const ok = runs.filter((r) => !r.failed);
  const ops = ok.map((r) => r.ops_per_s);
  const firstErr = runs.find((r) => r.failed)?.error ?? runs.find((r) => r.error_samples)?.error_samples?.[0];
  return {
    runs: runs.length,
    failed_runs: runs.length - ok.length,
    ops_per_s: r3(median(ops)),
    ops_per_s_min: ops.length ? r3(Math.min(...ops)) : null,
    ops_per_s_max: ops.length ? r3(Math.max(...ops)) : null,
    mib_per_s: r3(median(ok.map((r) => r.mib_per_s))),
    p50_ms: r3(median(ok.map((r) => r.latency_ms?.p50))),
    p99_ms: r3(median(ok.map((r) => r.latency_ms?.p99))),
    server_us_per_op: median(ok.map((r) => r.server_cpu?.us_per_op)),
    server_cores: r3(median(ok.map((r) => r.server_cpu?.cores))),
    client_cores: r3(median(ok.map((r) => r.client_cpu?.cores))),
    machine_busy_pct: r3(median(ok.map((r) => r.machine?.busy_pct))),
    peak_rss_mib: ok.length ? Math.max(...ok.map((r) => r.peak_rss_mib ?? 0)) : null,
    rss_anon_end_mib: ok.length ? Math.max(...ok.map((r) => r.rss_anon_end_mib ?? 0)) : null,
    errors: runs.reduce((a, r) => a + (r.errors || 0), 0),
    ...(ok.some((r) => r.objects_per_s != null) ? { objects_per_s: r3(median(ok.map((r) => r.objects_per_s))) } : {}),
    ...(firstErr ? { error_sample: String(firstErr).slice(0, 300) } : {}),
  };
}

/**
 * rows: [{label, workload, target}], runs: raw run objects {row, name, ...}.
 * Returns {label: {server: summary + ratios}}; ratios are to the ceiling of the same row, or
 * for big-list rows (no ceiling) to cairn-1d's 1k row of the same list mode.
 */
export function aggregate(rows, runs) {
  const out = {};
  for (const row of rows) {
    const names = [...new Set(runs.filter((r) => r.row === row.label).map((r) => r.name))];
    const agg = {};
    for (const n of names) agg[n] = summarize(runs.filter((r) => r.row === row.label && r.name === n));
    const base = agg[CEILING];
    for (const [n, a] of Object.entries(agg)) {
      if (base && n !== CEILING) {
        a.ratio_ops = ratio(a.ops_per_s, base.ops_per_s);
        a.ratio_p99 = ratio(a.p99_ms, base.p99_ms);
        a.ratio_cpu_per_op = ratio(a.server_us_per_op, base.server_us_per_op);
      }
    }
    if (row.target === 'big-list') {
      const mode = row.label.split('-').pop();
      const small = out[`list-1k-${mode}`]?.['cairn-1d'];
      for (const a of Object.values(agg)) {
        if (small) {
          a.vs_1k_bucket_p50 = ratio(a.p50_ms, small.p50_ms);
          a.vs_1k_bucket_ops = ratio(a.ops_per_s, small.ops_per_s);
        }
      }
    }
    out[row.label] = agg;
  }
  return out;
}

const fmt = (x, d = 1) => (x == null ? '–' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(d));
const fr = (x) => (x == null ? '–' : x.toFixed(2));

/** The main markdown table: one line per (workload, server). */
export function renderTable(rows, summary, servers) {
  let md = '| workload | server | fsync | ops/s (min–max) | MiB/s | p50 ms | p99 ms | srv CPU µs/op | peak RSS MiB (anon) | errors | ops/s ÷ ceiling | p99 ÷ ceiling | CPU/op ÷ ceiling |\n';
  md += '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n';
  for (const row of rows) {
    const agg = summary[row.label];
    if (!agg) continue;
    for (const [n, a] of Object.entries(agg)) {
      const s = servers[n] ?? {};
      const big = row.target === 'big-list';
      const rOps = big ? (a.vs_1k_bucket_ops != null ? `${fr(a.vs_1k_bucket_ops)} (÷ 1k bucket)` : '–') : fr(a.ratio_ops);
      const rP99 = big ? (a.vs_1k_bucket_p50 != null ? `p50 ${fr(a.vs_1k_bucket_p50)} (÷ 1k bucket)` : '–') : fr(a.ratio_p99);
      const err = a.errors ? `**${a.errors}**${a.error_sample ? ` (${a.error_sample.slice(0, 80).replace(/[|\n]/g, ' ')})` : ''}` : '0';
      md += `| ${row.label} | ${n} | ${s.fsync ?? '?'} | ${fmt(a.ops_per_s)} (${fmt(a.ops_per_s_min)}–${fmt(a.ops_per_s_max)}) | ${fmt(a.mib_per_s)} | ${fmt(a.p50_ms, 2)} | ${fmt(a.p99_ms, 2)} | ${fmt(a.server_us_per_op, 0)} | ${fmt(a.peak_rss_mib, 0)} (${fmt(a.rss_anon_end_mib, 0)}) | ${err} | ${rOps} | ${rP99} | ${big ? '–' : fr(a.ratio_cpu_per_op)} |\n`;
    }
  }
  return md;
}

export function renderMemory(memory) {
  if (!memory || !Object.keys(memory).length) return '';
  let md = '| memory workload | server | RSS before MiB | peak / idle RSS MiB | target MiB | errors | result |\n|---|---|---|---|---|---|---|\n';
  for (const [n, m] of Object.entries(memory)) {
    for (const w of [m.idle, m.big_puts].filter(Boolean)) {
      const val = w.rss_idle_mib != null ? `${fmt(w.rss_idle_mib)} idle (${w.connections_open} open, ${w.kib_per_connection ?? '–'} KiB/conn)` : fmt(w.peak_rss_mib);
      md += `| ${w.workload} | ${n} | ${fmt(w.rss_before_mib)} | ${val} | < ${w.target_mib} | ${w.errors} | ${w.ok ? 'pass' : '**fail**'}${w.error ? ` (${String(w.error).slice(0, 80).replace(/[|\n]/g, ' ')})` : ''} |\n`;
    }
  }
  return md;
}

export function renderDisk(disk) {
  if (!disk) return '';
  const f = (x) => (x?.error ? `error: ${x.error}` : x ? `${fmt(x.mib_per_s)} MiB/s, ${fmt(x.iops, 0)} IOPS, p99 ${fmt(x.clat_p99_us, 0)} µs` : '–');
  const fs1 = (x) => (x?.error ? `error: ${x.error}` : x ? `${fmt(x.iops, 0)} IOPS (fsync p50 ${fmt(x.fsync_p50_us, 0)} µs)` : '–');
  return `Raw disk (fio on ${disk.dir}, ${disk.fs ?? '?'}, ${disk.size}): sequential write 1 MiB + fsync ${f(disk.seq_write_1m_end_fsync)}; ` +
    `sequential read 1 MiB buffered ${f(disk.seq_read_1m_buffered)}, O_DIRECT ${f(disk.seq_read_1m_direct)}; ` +
    `4 KiB random write with fsync each ${fs1(disk.rand_write_4k_fsync_each)}.\n`;
}

/** The whole markdown report. */
export function renderReport(result) {
  const m = result.machine;
  let md = `## Benchmarks\n\n`;
  const src = result.conditions.cairn_commit ? `Cairn ${result.conditions.cairn_source === 'head' ? 'commit' : 'working tree at'} \`${result.conditions.cairn_commit.slice(0, 12)}${result.conditions.cairn_commit.endsWith('+uncommitted') ? '+uncommitted' : ''}\`. ` : '';
  md += `${src}Run ${result.date} (${result.conditions.mode}, ${result.conditions.rounds} round(s) A B A B, ${result.conditions.duration_s} s per run, dirty pages flushed before each${result.conditions.warmup_run_s ? `, after one unmeasured ${result.conditions.warmup_run_s} s run of each timed workload on each server` : ''}) on ${m.cores} cores (${m.cpu_model}), ${m.mem_gib} GiB RAM, Node ${m.node}, disk \`${m.disk_df}\`. `;
  const c = result.conditions;
  md += `${c.note}${c.machine_busy_pct != null ? ` Machine CPU busy ${c.machine_busy_pct}% over the run; load average ${m.loadavg_start?.[0] ?? '?'} at start, ${c.loadavg_end?.[0] ?? '?'} at end.` : ''}\n\n`;
  md += `Servers: ${Object.entries(result.servers).map(([n, s]) => `**${n}** (${s.description}; durability: ${s.durability})`).join('; ')}. `;
  md += 'Ratios are to the ceiling from the same run (ops/s ratio > 1 = faster; p99 and CPU/op ratios < 1 = better). srv CPU µs/op = server CPU (user+sys, process tree) per operation; peak RSS = server VmHWM over the run (it includes LMDB memory-mapped pages), anon = heap and buffers at the end of the run.\n\n';
  md += renderTable(result.rows, result.summary, result.servers) + '\n';
  if (result.big_list) md += `Big listing bucket: ${result.big_list.objects.toLocaleString('en-US')} objects of 64 B, 1,000 per directory; populated in ${result.big_list.seconds} s (${result.big_list.objects_per_s}/s, ${result.big_list.concurrency} concurrent PUTs${result.big_list.cached ? `, cached from ${result.big_list.date}` : ''}). No ceiling for it (the bare server lists by readdir); its ratios are to Cairn's 1k-object bucket. The \`page\` and \`dir\` rows return the same shape in both buckets (1,000 keys), so their ratios show whether listing stays flat; the \`root\` row does not: at the top the 1k bucket has 1 common prefix and the 1M bucket 1,000, one seek each, so its ratio measures a 1,000 times larger answer.\n\n`;
  md += renderMemory(result.memory) + '\n';
  md += renderDisk(result.disk) + '\n';
  const pr = result.profile;
  if (pr && pr.error) md += `CPU profile (${pr.workload} on ${pr.server}): ${pr.error}.\n`;
  else if (pr) md += `CPU profile (${pr.workload} on ${pr.server}, ${pr.profiles} process(es), share of busy time): ${pr.top.slice(0, 10).map((t) => `\`${t.name}\` ${t.pct}%`).join(', ')}.\n`;
  return md;
}
