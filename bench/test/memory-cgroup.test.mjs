// The memory cgroup helper of bench/memory-cgroup.mjs: parsing, and (as root, where a memory
// controller exists) a real cgroup's life: limit, a process moved in and charged, removal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseKeyValues, detectMemoryCgroup, MemoryCgroup } from '../lib/memory-cgroup.mjs';

test('parseKeyValues reads memory.stat / memory.events / oom_control lines as numbers', () => {
  assert.deepEqual(parseKeyValues('cache 20762624\nrss 1777664\noom_kill_disable 0\nunder_oom 0\noom_kill 3\n'),
    { cache: 20762624, rss: 1777664, oom_kill_disable: 0, under_oom: 0, oom_kill: 3 });
  assert.deepEqual(parseKeyValues('low 0\nmax 17\nname text\n\n'), { low: 0, max: 17 });
});

test('detectMemoryCgroup finds the v2 cgroup of a unified-only /proc/self/cgroup or none', () => {
  const found = detectMemoryCgroup('0::/system.slice/x.service\n');
  if (found) {
    assert.equal(found.version, 2);
    assert.match(found.parent, /\/system\.slice\/x\.service$/);
  }
  assert.equal(detectMemoryCgroup('1:cpu:/\n'), null);
});

const usable = process.getuid?.() === 0 && detectMemoryCgroup() !== null;

test('a real memory cgroup: limit set, a process charged to it, removed after it exits', { skip: usable ? false : 'needs root and a memory cgroup controller' }, async () => {
  const cg = MemoryCgroup.create(`cairn-bench-test-${process.pid}`, 256 * 1024 * 1024);
  let child;
  try {
    const limitFile = cg.version === 1 ? 'memory.limit_in_bytes' : 'memory.max';
    assert.equal(readFileSync(path.join(cg.dir, limitFile), 'utf8').trim(), String(256 * 1024 * 1024));
    // a process that, once moved in, fills 64 MiB of anonymous memory and holds it until stdin closes
    const script = "let b; process.stdout.write('ready'); process.stdin.once('data', () => { b = Buffer.alloc(64 << 20, 1); process.stdout.write('filled'); });"
      + " process.stdin.on('end', () => process.exit(b[5] - 1)); process.stdin.resume();";
    child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    cg.addProcess(child.pid);
    assert.deepEqual(cg.pids(), [child.pid]);
    child.stdin.write('go\n');
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const s = cg.sample();
    for (const k of ['usage_mib', 'anon_mib', 'file_mib', 'mapped_file_mib', 'limit_hits', 'oom_kills']) assert.equal(typeof s[k], 'number', k);
    assert.ok(s.anon_mib >= 60, `64 MiB filled inside the cgroup, anon ${s.anon_mib} MiB`);
    assert.ok(s.usage_mib >= s.anon_mib && s.usage_mib <= 256, `usage ${s.usage_mib} MiB`);
    assert.equal(s.oom_kills, 0);
    child.stdin.end();
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
    assert.equal(await cg.remove(), true);
    assert.equal(existsSync(cg.dir), false);
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await cg.remove();
  }
});
