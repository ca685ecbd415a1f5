/**
 * The lifecycle part of the WORM drill (issue #12): a COMPLIANCE-locked version survives
 * lifecycle expiry (the worker's delete of it is refused by the object layer and counted as
 * skipped) and is expired by the same rule once its retain-until date has passed. A real server
 * with CAIRN_ILM_DAY_SECONDS=2, observed through the SDK and /metrics; every wait is bounded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { sdkClient } from '../helpers/s3-client.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';

let server: CairnServer;
let s3: S3Client;

before(async () => {
  server = await startServer({ drives: 4, env: { CAIRN_ILM_DAY_SECONDS: '2', CAIRN_ILM_RATE: '0', CAIRN_PROMETHEUS_AUTH: 'public' } });
  s3 = sdkClient(server);
});
after(async () => {
  s3?.destroy();
  await server?.stop();
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.endpoint}/metrics`)).text();
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'm').exec(text);
  return m === null ? -1 : Number(m[1]);
}

async function versions(bucket: string): Promise<{ versions: string[]; markers: number }> {
  const r = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return { versions: (r.Versions ?? []).map((v) => v.VersionId!), markers: (r.DeleteMarkers ?? []).length };
}

describe('WORM drill: lifecycle expiry', () => {
  it('a COMPLIANCE-locked version outlives its expiry and goes once its retention has passed', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'worm-lc', ObjectLockEnabledForBucket: true }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: 'worm-lc',
      LifecycleConfiguration: {
        Rules: [{ ID: 'expire-all', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }],
      },
    }));
    const retainUntil = new Date(Date.now() + 12_000);
    const put = await s3.send(new PutObjectCommand({
      Bucket: 'worm-lc', Key: 'ledger', Body: 'entry', ChecksumAlgorithm: 'CRC32',
      ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: retainUntil,
    }));
    const locked = put.VersionId!;

    // Current-version expiry adds a delete marker (allowed: it removes nothing); the noncurrent
    // expiry of the locked version is then refused, pass after pass, while the retention runs.
    await waitFor('the delete marker of the current-version expiry', async () => (await versions('worm-lc')).markers === 1 || undefined, { timeoutMs: 20_000, intervalMs: 200 });
    await waitFor('a refused (skipped) expiry of the locked version', async () => (await metric('cairn_lifecycle_skipped_locked_total')) > 0 || undefined, { timeoutMs: 20_000, intervalMs: 200 });
    assert.ok(Date.now() < retainUntil.getTime(), 'still inside the retention period');
    assert.deepEqual((await versions('worm-lc')).versions, [locked], 'the locked version survived its expiry');

    // Once the date has passed, the same rule removes it.
    await waitFor('the version expired after its retention', async () => (await versions('worm-lc')).versions.length === 0 || undefined, { timeoutMs: 40_000, intervalMs: 250 });
    assert.ok(Date.now() >= retainUntil.getTime(), 'not removed before its retain-until date');
  });
});
