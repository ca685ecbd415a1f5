#!/usr/bin/env node
/**
 * What the IAM store's once-a-second refresh costs with many accounts (issue #9: "the refresh
 * re-reads every account document each second"): N accounts of 10 users and keys each, over a
 * real object layer (4 drives, EC 2+2) in a temp dir; CPU time and wall time per refresh()
 * when nothing changed (the change mark only) and per full refresh (every document re-read).
 *
 *   node bench/tools/iam-refresh-cost.mjs [--accounts 200,1000] [--rounds 20]   (after npm run build)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = (...p) => path.join(here, '..', '..', 'dist', ...p);
const { openHarness } = await import(dist('test', 'integration', 'object-layer-harness.js'));
const { SystemStore } = await import(dist('src', 'object', 'index.js'));
const { IamStore } = await import(dist('src', 'iam', 'store', 'index.js'));

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const counts = opt('accounts', '200,1000').split(',').map(Number);
const rounds = Number(opt('rounds', '20'));

async function measure(fn) {
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / rounds, wallMs: (performance.now() - t0) / rounds };
}

const h = await openHarness(4);
try {
  const system = await SystemStore.open(h.layer);
  const writer = await IamStore.open({ system, refreshMs: 0 });
  let made = 0;
  console.log('| accounts | refresh, nothing changed: CPU ms / wall ms | full refresh: CPU ms / wall ms |');
  console.log('|---|---|---|');
  for (const n of counts) {
    for (; made < n; made++) {
      const acct = await writer.createAccount({ name: `bench-${made}` });
      await writer.mutate(acct.account.id, (doc, tools) => {
        for (let i = 0; i < 10; i++) {
          const u = `u${i}`; const ak = `AKIAB${String(made).padStart(6, '0')}${String(i).padStart(9, '0')}`;
          doc.users[u] = { name: u, id: `AIDA${made}x${i}`, path: '/', createDate: tools.now.toISOString(), tags: [], inline: { p: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b${i}/*"}]}` }, attached: [], groups: [] };
          doc.keys[ak] = { accessKeyId: ak, userName: u, sealedSecret: tools.seal(ak, 'x'.repeat(40)), status: 'Active', createDate: tools.now.toISOString() };
        }
      });
    }
    const reader = await IamStore.open({ system, refreshMs: 0 });
    await reader.refresh({ full: true });
    const idle = await measure(() => reader.refresh());
    const full = await measure(() => reader.refresh({ full: true }));
    reader.close();
    console.log(`| ${n} | ${idle.cpuMs.toFixed(2)} / ${idle.wallMs.toFixed(2)} | ${full.cpuMs.toFixed(1)} / ${full.wallMs.toFixed(1)} |`);
  }
  writer.close();
} finally {
  await h.close();
}
