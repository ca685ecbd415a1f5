#!/usr/bin/env node
// Inode allocation under create/unlink churn, the way data files churn under overwrites: files
// created (O_EXCL, 4 KiB, closed) across 256 fan-out dirs while the oldest are unlinked (a fixed
// number kept live), with the fan-out dirs' parent marked as the top of a hierarchy
// (FS_TOPDIR_FL, `chattr +T`, as LocalDrive marks `.cairn/data`) or not. Prints µs per open and
// process CPU per file for each, alternating. On ext4 without a journal, an inode freed in the
// last minutes is skipped by the allocator with an inode-table lookup each, so dirs placed near
// their parent (the default for subdirectories) make every create walk the group's recent frees
// (ARCHITECTURE "Data files", where data/<ab> lives).
//
//   node bench/tools/inode-churn.mjs [--dir DIR (default: the OS tmp dir, where the bench servers'
//        drives live)] [--files 20000] [--live 2000] [--rounds 2]
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const base = opt('dir', tmpdir());
const files = Number(opt('files', '20000'));
const live = Number(opt('live', '2000'));
const rounds = Number(opt('rounds', '2'));

function churn(root, top) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  if (top) execFileSync('chattr', ['+T', root]);
  for (let i = 0; i < 256; i++) mkdirSync(path.join(root, i.toString(16).padStart(2, '0')));
  const buf = Buffer.alloc(4096, 1);
  const kept = [];
  let openNs = 0n;
  const cpu0 = process.cpuUsage();
  // Bounded: `files` creates, each followed by at most one unlink.
  for (let i = 0; i < files; i++) {
    const dir = ((i * 2654435761) >>> 0) % 256;
    const file = path.join(root, dir.toString(16).padStart(2, '0'), `f${i}`);
    const t = process.hrtime.bigint();
    const fd = openSync(file, 'wx');
    openNs += process.hrtime.bigint() - t;
    writeSync(fd, buf);
    closeSync(fd);
    kept.push(file);
    if (kept.length > live) unlinkSync(kept.shift());
  }
  const cpu = process.cpuUsage(cpu0);
  rmSync(root, { recursive: true, force: true });
  return { openUs: Number(openNs) / files / 1000, cpuUs: (cpu.user + cpu.system) / files };
}

for (let r = 1; r <= rounds; r++) {
  for (const top of [false, true]) {
    const { openUs, cpuUs } = churn(path.join(base, `cairn-inode-churn-${process.pid}-${top ? 'top' : 'plain'}`), top);
    console.log(`round ${r} ${top ? 'parent +T' : 'plain    '}: ${openUs.toFixed(1)} µs per open, ${cpuUs.toFixed(1)} µs CPU per file (${files} files, ${live} live, 256 dirs)`);
  }
}
