#!/usr/bin/env node
// Replaces the "## Benchmarks" section of README.md with bench/results/<mode>-latest.md
// (default full). Only that section changes; the next "## " heading ends it.
//   node bench/update-readme.mjs [full|quick]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, REPO_DIR } from './lib/servers.mjs';

export function replaceSection(readme, heading, body) {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const from = start + 1;
  const next = readme.indexOf('\n## ', from + heading.length);
  const end = next < 0 ? readme.length : next + 1;
  return readme.slice(0, from) + body.trimEnd() + '\n\n' + readme.slice(end);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(BENCH_DIR, 'update-readme.mjs')) {
  const mode = process.argv[2] ?? 'full';
  const md = readFileSync(path.join(BENCH_DIR, 'results', `${mode}-latest.md`), 'utf8');
  if (!md.startsWith('## Benchmarks\n')) throw new Error('results markdown does not start with "## Benchmarks"');
  const file = path.join(REPO_DIR, 'README.md');
  const body = md + '\nReproduce with `npm run bench` (see `bench/README.md`); raw figures in `bench/results/' + `${mode}-latest.json\`.\n`;
  writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), '## Benchmarks', body));
  console.error(`README.md: Benchmarks section replaced from bench/results/${mode}-latest.md`);
}
