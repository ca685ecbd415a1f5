/**
 * Object Lock with the real AWS CLI (Debian's /usr/bin/aws) against a spawned server:
 * s3api create-bucket --object-lock-enabled-for-bucket, put/get-object-lock-configuration,
 * put-object with lock parameters, put/get-object-retention, put/get-object-legal-hold,
 * delete-object --bypass-governance-retention. The CLI computes the Content-MD5 these
 * operations require by itself.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, runOk } from '../helpers/tools.js';

const BUCKET = 'cli-lock';
let server: CairnServer;
let tmp: TempDir;
let aws: string;
let env: Record<string, string>;

before(async () => {
  aws = requireTool('aws');
  server = await startServer();
  tmp = await makeTempDir('awscli-lock');
  env = await awsCliEnv(server, tmp.path);
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

const args = (...a: string[]): string[] => ['--endpoint-url', server.endpoint, '--no-cli-pager', '--output', 'json', 's3api', ...a];

async function s3api<T>(...a: string[]): Promise<T> {
  const out = await runOk(aws, args(...a), { env, cwd: tmp.path, timeoutMs: 120_000 });
  return (out.trim() === '' ? {} : JSON.parse(out)) as T;
}

/** The s3api call fails with `code` (the CLI prints "An error occurred (Code) ..."). */
async function s3apiFails(code: string, ...a: string[]): Promise<void> {
  const r = await run(aws, args(...a), { env, cwd: tmp.path, timeoutMs: 120_000 });
  assert.notEqual(r.code, 0, `expected ${code}, the call succeeded: ${r.stdout}`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
}

/** Whole seconds: the CLI sends lock dates without fractional seconds. */
const inSeconds = (n: number): string => new Date(Math.floor(Date.now() / 1000 + n) * 1000).toISOString();

describe('aws s3api object lock (AWS CLI)', () => {
  it('create-bucket --object-lock-enabled-for-bucket and put/get-object-lock-configuration', async () => {
    await s3api('create-bucket', '--bucket', BUCKET, '--object-lock-enabled-for-bucket');
    const v = await s3api<{ Status?: string }>('get-bucket-versioning', '--bucket', BUCKET);
    assert.equal(v.Status, 'Enabled');
    await s3api('put-object-lock-configuration', '--bucket', BUCKET, '--object-lock-configuration',
      JSON.stringify({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } }));
    const got = await s3api<{ ObjectLockConfiguration: { ObjectLockEnabled: string; Rule?: { DefaultRetention: { Mode: string; Days?: number } } } }>(
      'get-object-lock-configuration', '--bucket', BUCKET);
    assert.deepEqual(got.ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } });
    await s3apiFails('InvalidBucketState', 'put-bucket-versioning', '--bucket', BUCKET, '--versioning-configuration', 'Status=Suspended');
  });

  it('put-object with lock parameters; head-object shows them; the default applies without them', async () => {
    const file = join(tmp.path, 'doc.txt');
    await writeFile(file, 'locked by the CLI\n');
    const until = inSeconds(3600);
    const put = await s3api<{ VersionId: string }>('put-object', '--bucket', BUCKET, '--key', 'doc.txt', '--body', file,
      '--object-lock-mode', 'COMPLIANCE', '--object-lock-retain-until-date', until, '--object-lock-legal-hold-status', 'OFF');
    const head = await s3api<{ ObjectLockMode: string; ObjectLockRetainUntilDate: string; ObjectLockLegalHoldStatus: string }>(
      'head-object', '--bucket', BUCKET, '--key', 'doc.txt', '--version-id', put.VersionId);
    assert.equal(head.ObjectLockMode, 'COMPLIANCE');
    assert.equal(Date.parse(head.ObjectLockRetainUntilDate), Date.parse(until));
    assert.equal(head.ObjectLockLegalHoldStatus, 'OFF');
    await s3apiFails('AccessDenied', 'delete-object', '--bucket', BUCKET, '--key', 'doc.txt', '--version-id', put.VersionId, '--bypass-governance-retention');
    const plain = await s3api<{ VersionId: string }>('put-object', '--bucket', BUCKET, '--key', 'plain.txt', '--body', file);
    const r = await s3api<{ Retention: { Mode: string } }>('get-object-retention', '--bucket', BUCKET, '--key', 'plain.txt', '--version-id', plain.VersionId);
    assert.equal(r.Retention.Mode, 'GOVERNANCE');
  });

  it('put-object-retention shortens GOVERNANCE only with --bypass-governance-retention; legal hold blocks delete-object', async () => {
    const file = join(tmp.path, 'gov.txt');
    await writeFile(file, 'governance\n');
    const put = await s3api<{ VersionId: string }>('put-object', '--bucket', BUCKET, '--key', 'gov.txt', '--body', file,
      '--object-lock-mode', 'GOVERNANCE', '--object-lock-retain-until-date', inSeconds(3600));
    const at = ['--bucket', BUCKET, '--key', 'gov.txt', '--version-id', put.VersionId];
    const shorter = `Mode=GOVERNANCE,RetainUntilDate=${inSeconds(600)}`;
    await s3apiFails('AccessDenied', 'put-object-retention', ...at, '--retention', shorter);
    await s3api('put-object-retention', ...at, '--retention', shorter, '--bypass-governance-retention');
    const got = await s3api<{ Retention: { Mode: string; RetainUntilDate: string } }>('get-object-retention', ...at);
    assert.equal(got.Retention.Mode, 'GOVERNANCE');
    assert.ok(Date.parse(got.Retention.RetainUntilDate) < Date.now() + 700_000);

    await s3api('put-object-legal-hold', ...at, '--legal-hold', 'Status=ON');
    assert.deepEqual(await s3api('get-object-legal-hold', ...at), { LegalHold: { Status: 'ON' } });
    await s3apiFails('AccessDenied', 'delete-object', ...at, '--bypass-governance-retention');
    await s3api('put-object-legal-hold', ...at, '--legal-hold', 'Status=OFF');
    await s3apiFails('AccessDenied', 'delete-object', ...at);
    await s3api('delete-object', ...at, '--bypass-governance-retention');
    // A HEAD error has no body: the CLI reports the status instead of a code.
    await s3apiFails('404', 'head-object', ...at);
  });
});
