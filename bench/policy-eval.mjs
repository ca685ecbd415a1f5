#!/usr/bin/env node
// Cost of one authorization by the IAM policy engine (src/iam/policy): build the request
// context (condition keys, principal keys, clock keys) and evaluate it against 100 identity
// policies attached to the caller plus a 10-statement bucket policy. Pure CPU, no I/O.
//
// Two policy sets: "mixed" (realistic: exact actions, per-bucket resources, some wildcards,
// conditions and ${aws:username}) and "wildcard" (every statement is `s3:*` on
// `arn:aws:s3:::*/project-N/*`: no action or bucket index narrows it, so every statement of
// all 100 policies is examined - the worst case).
// Three requests each: allowed by the last policy, implicitly denied, explicitly denied.
//
//   npm run bench:policy [-- --seconds 2 --rounds 3 --out bench/results]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
const { parsePolicy, PolicySet, createRequestContext, evaluatePolicies } = await import(path.join(here, '..', 'dist', 'src', 'iam', 'policy', 'index.js'));

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const SECONDS = Number(opt('seconds', '2'));
const ROUNDS = Number(opt('rounds', '3'));
const outDir = opt('out', path.join(here, 'results'));
const A = '111122223333';

function mixedPolicy(i) {
  const bucket = `bucket-${i}`;
  const statements = [
    { Sid: `Read${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `arn:aws:s3:::${bucket}/*` },
    { Sid: `List${i}`, Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringLike: { 's3:prefix': ['', 'home/${aws:username}/*'] } } },
  ];
  if (i % 4 === 0) statements.push({ Sid: `Write${i}`, Effect: 'Allow', Action: 's3:Put*', Resource: `arn:aws:s3:::${bucket}/home/\${aws:username}/*`,
    Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] }, Bool: { 'aws:SecureTransport': 'true' } } });
  if (i % 10 === 0) statements.push({ Sid: `Deny${i}`, Effect: 'Deny', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${bucket}/locked/*` });
  return { Version: '2012-10-17', Statement: statements };
}

function wildcardPolicy(i) {
  return { Version: '2012-10-17', Statement: [
    { Sid: `All${i}`, Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::*/project-${i}/*`,
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
    { Sid: `Deny${i}`, Effect: 'Deny', Action: 's3:*', Resource: `arn:aws:s3:::*/project-${i}/secret/*` },
  ] };
}

const bucketPolicy = { Version: '2012-10-17', Statement: Array.from({ length: 10 }, (_, i) => ({
  Sid: `B${i}`, Effect: i === 9 ? 'Deny' : 'Allow', Principal: i % 2 ? '*' : { AWS: `arn:aws:iam::${A}:user/u${i}` },
  Action: i % 3 ? 's3:GetObject' : 's3:*', Resource: `arn:aws:s3:::bucket-99/b${i}/*`,
  ...(i === 9 ? { Condition: { Bool: { 'aws:SecureTransport': 'false' } } } : {}),
})) };

const principal = { type: 'User', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, userId: 'AIDAALICE', username: 'alice', tags: { team: 'blue' } };
const keys = { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true', 'aws:UserAgent': 'aws-cli/2.15', 's3:signatureversion': 'AWS4-HMAC-SHA256',
  's3:authType': 'REST-HEADER', 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };

function setOf(make) {
  return new PolicySet(Array.from({ length: 100 }, (_, i) => parsePolicy(JSON.stringify(make(i)), { kind: 'identity', name: `p${i}` })));
}
const resource = new PolicySet([parsePolicy(JSON.stringify(bucketPolicy), { kind: 'resource', name: 'bucket-policy' })]);

const scenarios = [
  ['mixed', setOf(mixedPolicy), [
    ['allow (last policy)', 's3:GetObject', 'arn:aws:s3:::bucket-99/data/x', 'Allow'],
    ['put with conditions', 's3:PutObject', 'arn:aws:s3:::bucket-96/home/alice/x', 'Allow'],
    ['implicit deny', 's3:GetObject', 'arn:aws:s3:::nobody/x', 'ImplicitDeny'],
    ['explicit deny', 's3:DeleteObject', 'arn:aws:s3:::bucket-90/locked/x', 'ExplicitDeny'],
  ]],
  ['wildcard', setOf(wildcardPolicy), [
    ['allow (last policy)', 's3:GetObject', 'arn:aws:s3:::data/project-99/x', 'Allow'],
    ['implicit deny (all 200 statements examined)', 's3:GetObject', 'arn:aws:s3:::data/nobody/x', 'ImplicitDeny'],
    ['explicit deny', 's3:GetObject', 'arn:aws:s3:::data/project-50/secret/x', 'ExplicitDeny'],
  ]],
];

function once(set, action, res) {
  const request = createRequestContext({ action, resource: res, principal, resourceAccount: A, now: new Date(), keys });
  return evaluatePolicies({ request, identity: set, resource });
}

// CPU time (user + system) per request, and wall time: on a shared machine the wall figure
// includes time the process waited for a core, the CPU figure does not.
function measure(set, action, res) {
  const deadline = performance.now() + SECONDS * 1000;
  let n = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) once(set, action, res);
    n += 1000;
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / n, wall: ((performance.now() - started) * 1000) / n };
}

const rows = [];
for (const [name, set, requests] of scenarios) {
  for (const [label, action, res, expect] of requests) {
    const d = once(set, action, res);
    if (d.effect !== expect) throw new Error(`${name} / ${label}: expected ${expect}, got ${d.effect} (${d.reason})`);
    for (let i = 0; i < 20000; i++) once(set, action, res); // warm-up
    const runs = Array.from({ length: ROUNDS }, () => measure(set, action, res));
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const row = { set: name, request: label, effect: d.effect, cpu: median(runs.map((r) => r.cpu)), wall: median(runs.map((r) => r.wall)) };
    rows.push(row);
    console.log(`${name.padEnd(9)} ${label.padEnd(46)} ${d.effect.padEnd(13)} cpu ${row.cpu.toFixed(2)} us  wall ${row.wall.toFixed(2)} us`);
  }
}

const md = [
  '# Policy evaluation benchmark (`npm run bench:policy`)',
  '',
  `${new Date().toISOString()} · node ${process.version} · ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length} · median of ${ROUNDS} × ${SECONDS} s`,
  '',
  'One request = createRequestContext + evaluatePolicies against 100 identity policies and a 10-statement bucket policy.',
  '',
  `Load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (CPU µs exclude time spent waiting for a core).`,
  '',
  '| policy set | request | decision | CPU µs / request | wall µs / request |',
  '| --- | --- | --- | ---: | ---: |',
  ...rows.map((r) => `| ${r.set} | ${r.request} | ${r.effect} | ${r.cpu.toFixed(2)} | ${r.wall.toFixed(2)} |`),
  '',
].join('\n');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'policy-latest.md'), md);
console.log(`wrote ${path.join(outDir, 'policy-latest.md')}`);
