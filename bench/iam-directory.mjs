/**
 * The caller directory's per-request cost (node bench/iam-directory.mjs after npm run build):
 * secretFor (SigV4's secret lookup) and resolve (the ResolvedCaller, cached per key) for 100
 * IAM users with a policy each, over a real one-drive object layer in a temp dir; then one
 * change written through the store and the indexes rebuilt.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = (...p) => path.join(here, '..', 'dist', ...p);
const { openHarness } = await import(dist('test', 'integration', 'object-layer-harness.js'));
const { SystemStore } = await import(dist('src', 'object', 'index.js'));
const { IamStore, IamCallerDirectory } = await import(dist('src', 'iam', 'store', 'index.js'));
const h = await openHarness(1);
const system = await SystemStore.open(h.layer);
const store = await IamStore.open({ system, refreshMs: 0 });
const made = await store.createAccount({ name: 'bench' });
const keys = [];
await store.mutate(made.account.id, (doc, tools) => {
  for (let i = 0; i < 100; i++) {
    const n = `u${i}`; const ak = `AKIABENCH${String(i).padStart(11, '0')}`;
    doc.users[n] = { name: n, id: `AIDA${i}`, path: '/', createDate: tools.now.toISOString(), tags: [], inline: { p: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b${i}/*"}]}` }, attached: [], groups: [] };
    doc.keys[ak] = { accessKeyId: ak, userName: n, sealedSecret: tools.seal(ak, 'x'.repeat(40)), status: 'Active', createDate: tools.now.toISOString() };
    keys.push(ak);
  }
});
const dir = new IamCallerDirectory(store, { accessKey: 'root', secretKey: 'rootsecret' });
for (const k of keys) dir.resolve(k);
for (const round of [1, 2, 3]) {
  const N = 1_000_000; let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) dir.secretFor(keys[i % 100]);
  const a = Number(process.hrtime.bigint() - t) / N;
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) dir.resolve(keys[i % 100]);
  const b = Number(process.hrtime.bigint() - t) / N;
  console.log(`round ${round}: secretFor ${a.toFixed(0)} ns, resolve (cached) ${b.toFixed(0)} ns`);
}
const t = process.hrtime.bigint();
await store.mutate(made.account.id, (doc) => { doc.users.u0.tags = [{ Key: 'a', Value: 'b' }]; });
dir.secretFor(keys[0]);
for (const k of keys) dir.resolve(k);
console.log(`one change + rebuild + 100 resolves: ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1)} ms`);
store.close(); await h.close();
