#!/usr/bin/env node
// Cost of one S3 authorization decision by AccountAuthorizer (src/s3/pipeline), bucket state
// cached (an in-memory bucket store stands behind BucketAuthzCache; no drive I/O), condition
// keys built as the pipeline builds them. Cases: the owner's root on a bucket without policy
// (the single-root deployment's GET), an IAM user with 100 attached policies (one per bucket),
// and an anonymous GET through a public-read bucket policy.
//
//   npm run build && node bench/authz-decision.mjs [--seconds 2 --rounds 3]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = (...p) => import(path.join(here, '..', 'dist', ...p));
const { AccountAuthorizer } = await dist('src', 's3', 'pipeline', 'account-authorizer.js');
const { BucketAuthzCache } = await dist('src', 's3', 'pipeline', 'bucket-authz-cache.js');
const { policyConditionKeys } = await dist('src', 's3', 'pipeline', 'policy-condition-keys.js');
const { MemoryDirectory } = await dist('test', 'helpers', 'memory-directory.js');

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const SECONDS = Number(opt('seconds', '2'));
const ROUNDS = Number(opt('rounds', '3'));
const A = '111111111111';

const buckets = new Map([
  ['plain', { owner: A, configs: new Map() }],
  ['public', { owner: A, configs: new Map([['policy', Buffer.from(JSON.stringify({ Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public/*' }] }))]]) }],
  ['bucket-99', { owner: A, configs: new Map() }],
]);
const store = {
  headBucket: async ({ bucket }) => ({ name: bucket, created: new Date(0), region: 'us-east-1', owner: buckets.get(bucket).owner }),
  getBucketConfig: async ({ bucket, name }) => buckets.get(bucket).configs.get(name),
  headObject: async () => { throw new Error('not expected'); },
};
const dir = new MemoryDirectory();
dir.addAccount(A, 'a', { accessKey: 'ROOT', secretKey: 's' });
dir.addUser(A, 'u', { accessKey: 'USER', secretKey: 's', policies: Array.from({ length: 100 }, (_, i) => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bucket-${i}/*` }] })) });
const authorizer = new AccountAuthorizer({ directory: dir, buckets: new BucketAuthzCache({ objects: store, ttlMs: 3_600_000 }), objects: store });
const query = new URLSearchParams('');
const headers = { 'user-agent': 'bench', host: '127.0.0.1' };
const auth = { accessKey: 'ROOT', anonymous: false, version: 4, payload: { kind: 'unsigned' }, method: 'header', expectedTrailers: [] };
const request = (accessKey, bucket) => ({
  accessKey, isAnonymous: accessKey === '', action: 's3:GetObject', bucket, key: 'k.txt',
  conditionKeys: () => policyConditionKeys({ headers, query, remoteAddress: '127.0.0.1', secure: false, auth: accessKey === '' ? { ...auth, anonymous: true } : auth }),
});
const cases = [
  ['owner root, no policy', request('ROOT', 'plain'), true],
  ['IAM user, 100 policies', request('USER', 'bucket-99'), true],
  ['anonymous, public policy', request('', 'public'), true],
];

for (const [name, req, expect] of cases) {
  if ((await authorizer.isAllowed(req)) !== expect) throw new Error(`${name}: unexpected decision`);
  const cpu = [];
  const wall = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const end = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    while (performance.now() < end) { for (let i = 0; i < 1000; i++) await authorizer.isAllowed(req); n += 1000; }
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / n);
    wall.push(((performance.now() - t0) * 1000) / n);
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // CPU time is what a decision costs; wall time includes waiting for the CPU on a loaded host.
  console.log(`${name.padEnd(28)} cpu min ${Math.min(...cpu).toFixed(2)} µs median ${med(cpu).toFixed(2)} µs  wall median ${med(wall).toFixed(2)} µs  (load ${os.loadavg()[0].toFixed(1)})`);
}
