// Summarizes V8 .cpuprofile files (node --cpu-prof): self time per function and per file.
import { readFileSync } from 'node:fs';
import path from 'node:path';

function shortUrl(url, repoDir) {
  if (!url) return '(native)';
  let u = url.replace(/^file:\/\//, '');
  if (repoDir && u.startsWith(repoDir)) u = path.relative(repoDir, u);
  return u.replace(/^.*node_modules\//, 'node_modules/');
}

/**
 * @param {object[]} profiles parsed .cpuprofile objects (all processes of one server)
 * @returns {{samples:number, top: {name, pct, ms}[], files: {file, pct}[]}}
 */
export function topSelfTime(profiles, { repoDir, limit = 25 } = {}) {
  const byFn = new Map();
  const byFile = new Map();
  let total = 0;
  for (const p of profiles) {
    // self time from timeDeltas (µs) attributed to each sample's node
    const self = new Map();
    const samples = p.samples ?? [];
    const deltas = p.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, deltas[i] ?? 0));
    for (const n of p.nodes ?? []) {
      const us = self.get(n.id) ?? 0;
      if (!us) continue;
      const cf = n.callFrame ?? {};
      if (cf.functionName === '(idle)') continue; // percentages are of busy time
      const file = shortUrl(cf.url, repoDir);
      const name = `${cf.functionName || '(anonymous)'} ${file}${cf.url ? `:${(cf.lineNumber ?? 0) + 1}` : ''}`;
      byFn.set(name, (byFn.get(name) ?? 0) + us);
      byFile.set(file, (byFile.get(file) ?? 0) + us);
      total += us;
    }
  }
  const pct = (us) => Math.round((1000 * us) / Math.max(1, total)) / 10;
  const sortTop = (m, key) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([k, us]) => ({ [key]: k, pct: pct(us), ms: Math.round(us / 1000) }));
  return { total_ms: Math.round(total / 1000), top: sortTop(byFn, 'name'), files: sortTop(byFile, 'file') };
}

export function readProfiles(files) {
  return files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
}
