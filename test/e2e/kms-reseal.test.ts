/**
 * Key rotation and the re-seal pass on real server processes, through the real CLI and the
 * SDK: `cairn admin kms key rotate` then `kms reseal --wait` re-seals the data key of every
 * SSE-KMS version (inline, data dir, multipart, older versions) and of a pending multipart
 * upload, writing metadata only (every data file keeps its inode, mtime and bytes); a second
 * pass finds everything current; all objects read back and the pending upload completes; the
 * counter cairn_kms_resealed_objects_total counts them. Built-in KMS and the Vault stand-in
 * (Transit rotate + rewrap); the master key and unknown buckets are refused exactly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, PutBucketVersioningCommand,
  PutObjectCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { startFakeVault, type FakeVault } from '../helpers/fake-vault.js';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { exits, KMS_CREDENTIALS, KMS_SERVER_ENV, kmsAdmin, sample, scrape } from './kms-admin-harness.js';

interface FileState { ino: number; mtimeMs: number; size: number; sha: string }

/** Every data file under the drives (not the LMDB metadata, not temporaries): inode, mtime, size, hash. */
async function dataFiles(server: CairnServer): Promise<Map<string, FileState>> {
  const out = new Map<string, FileState>();
  for (const drive of server.drives) {
    for (const e of await readdir(drive, { withFileTypes: true, recursive: true })) {
      const path = join(e.parentPath, e.name);
      if (!e.isFile() || /[/\\](meta|tmp)[/\\]/.test(path.slice(drive.length))) continue;
      const st = await stat(path);
      out.set(path, { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size, sha: createHash('sha256').update(await readFile(path)).digest('hex') });
    }
  }
  return out;
}

interface Written { s3: S3Client; bodies: Map<string, Buffer>; upload: { key: string; uploadId: string; part1: Buffer; etag1: string } }

/** SSE-KMS objects under `key` of every kind, an SSE-S3 one (deployment key), a plain one, a pending upload. */
async function writeObjects(server: CairnServer, bucket: string, key: string): Promise<Written> {
  const s3 = sdkClient(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const kms = { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key } as const;
  const bodies = new Map<string, Buffer>();
  for (const [name, size] of [['inline', 1000], ['data', 300 * 1024], ['data', 200 * 1024 + 7]] as const) {
    const body = randomBytes(size);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: name, Body: body, ...kms }));
    bodies.set(name, body);
  }
  const mp = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'multipart', ...kms }));
  const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1234)];
  const etags: string[] = [];
  for (const [i, p] of parts.entries()) etags.push((await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'multipart', UploadId: mp.UploadId, PartNumber: i + 1, Body: p }))).ETag!);
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'multipart', UploadId: mp.UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
  bodies.set('multipart', Buffer.concat(parts));
  const s3Body = randomBytes(4000);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sse-s3', Body: s3Body, ServerSideEncryption: 'AES256' }));
  bodies.set('sse-s3', s3Body);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain', Body: 'plain' }));
  bodies.set('plain', Buffer.from('plain'));
  const pending = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'pending', ...kms }));
  const part1 = randomBytes(5 * 1024 * 1024 + 1);
  const etag1 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'pending', UploadId: pending.UploadId, PartNumber: 1, Body: part1 }))).ETag!;
  return { s3, bodies, upload: { key: 'pending', uploadId: pending.UploadId!, part1, etag1 } };
}

async function readsBack(w: Written, bucket: string): Promise<void> {
  for (const [key, body] of w.bodies) {
    assert.ok((await bodyBytes((await w.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body)).equals(body), key);
  }
}

async function completesPending(w: Written, bucket: string): Promise<void> {
  const { key, uploadId, part1, etag1 } = w.upload;
  const part2 = randomBytes(999);
  const etag2 = (await w.s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 2, Body: part2 }))).ETag!;
  await w.s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [{ ETag: etag1, PartNumber: 1 }, { ETag: etag2, PartNumber: 2 }] } }));
  assert.ok((await bodyBytes((await w.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body)).equals(Buffer.concat([part1, part2])), 'the upload re-sealed while pending completes');
}

function statusOf(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** rotate KEY, reseal --wait, checks; returns the status document of the pass. */
async function rotateAndReseal(server: CairnServer, key: string, version: number): Promise<Record<string, unknown>> {
  const rotated = await kmsAdmin(server, ['kms', 'key', 'rotate', key]);
  exits(rotated, 0);
  assert.equal(rotated.stdout, `Rotated key ${key}: new data keys use version ${version}; run "cairn admin kms reseal" to re-seal existing objects\n`);
  const pass = await kmsAdmin(server, ['--json', 'kms', 'reseal', '--wait']);
  exits(pass, 0);
  return statusOf(pass.stdout);
}

describe('kms key rotate + kms reseal (built-in KMS)', () => {
  let server: CairnServer;
  before(async () => {
    server = await startServer({
      drives: 4, credentials: KMS_CREDENTIALS,
      env: { ...KMS_SERVER_ENV, CAIRN_KMS_SECRET_KEY: `cairn-master:${randomBytes(32).toString('base64')}` },
    });
  });
  after(async () => { await server?.stop(); });

  it('re-seals every SSE-KMS version and the pending upload, metadata only; a second pass finds them current', async () => {
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'rot']), 0);
    const w = await writeObjects(server, 'reseal-b', 'rot');
    const before = await dataFiles(server);
    assert.ok(before.size >= 4 * 4, 'data-dir objects have shard files');
    const idle = await kmsAdmin(server, ['kms', 'reseal', 'status']);
    exits(idle, 0);
    assert.equal(idle.stdout, 'Re-seal pass: idle\n');

    const doc = await rotateAndReseal(server, 'rot', 2);
    assert.equal(doc['state'], 'done');
    // inline, data v1, data v2, multipart, pending upload; sse-s3 (the master key: never rotated) current; plain skipped.
    assert.deepEqual([doc['resealed'], doc['current'], doc['skipped'], doc['failed']], [5, 1, 1, 0], JSON.stringify(doc));
    const after = await dataFiles(server);
    for (const [path, st] of before) assert.deepEqual(after.get(path), st, `${path} untouched`);

    const again = await kmsAdmin(server, ['--json', 'kms', 'reseal', '--bucket', 'reseal-b', '--wait']);
    exits(again, 0);
    const second = statusOf(again.stdout);
    assert.deepEqual([second['state'], second['bucket'], second['resealed'], second['current']], ['done', 'reseal-b', 0, 6], 'idempotent');
    await readsBack(w, 'reseal-b');
    await completesPending(w, 'reseal-b');
    const text = await kmsAdmin(server, ['kms', 'reseal', 'status']);
    exits(text, 0);
    assert.match(text.stdout, /^Re-seal pass: done \(bucket reseal-b\)\n {2}started: {2}\S+\n {2}finished: \S+\n {2}scanned 7, re-sealed 0, current 6, skipped 1, failed 0\n$/);
    assert.equal(sample(await scrape(server), 'cairn_kms_resealed_objects_total'), 5);
    w.s3.destroy();
  });

  it('refuses to rotate the master key (501) or an unknown key (400), and a reseal of a missing bucket (404)', async () => {
    const master = await kmsAdmin(server, ['kms', 'key', 'rotate', 'cairn-master']);
    exits(master, 2);
    assert.match(master.stderr, /NotImplemented.*master key of CAIRN_KMS_SECRET_KEY/);
    const unknown = await kmsAdmin(server, ['kms', 'key', 'rotate', 'nobody']);
    exits(unknown, 2);
    assert.match(unknown.stderr, /KMS\.NotFoundException/);
    const missing = await kmsAdmin(server, ['kms', 'reseal', '--bucket', 'no-such-bucket']);
    exits(missing, 2);
    assert.match(missing.stderr, /NoSuchBucket/);
  });
});

describe('kms key rotate + kms reseal (Vault Transit stand-in)', () => {
  let vault: FakeVault;
  let server: CairnServer;
  before(async () => {
    vault = await startFakeVault();
    server = await startServer({
      drives: 4, credentials: KMS_CREDENTIALS,
      env: { ...KMS_SERVER_ENV, CAIRN_KMS_VAULT_ENDPOINT: vault.url, CAIRN_KMS_VAULT_TOKEN: vault.rootToken, CAIRN_KMS_VAULT_KEY_NAME: 'cairn-key' },
    });
  });
  after(async () => {
    await server?.stop();
    await vault?.stop();
  });

  it('rotates the Transit key and rewraps every data key with the new version, data untouched', async () => {
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'cairn-key']), 0);
    exits(await kmsAdmin(server, ['kms', 'key', 'create', 'vrot']), 0);
    const w = await writeObjects(server, 'vault-b', 'vrot');
    const before = await dataFiles(server);
    const doc = await rotateAndReseal(server, 'vrot', 2);
    // The SSE-S3 object's key (cairn-key) was not rotated: current.
    assert.deepEqual([doc['state'], doc['resealed'], doc['current'], doc['skipped'], doc['failed']], ['done', 5, 1, 1, 0], JSON.stringify(doc));
    assert.ok(vault.calls.some((c) => c.method === 'POST' && c.path === '/v1/transit/keys/vrot/rotate'));
    assert.ok(vault.calls.filter((c) => c.path === '/v1/transit/rewrap/vrot').length >= 5, 'Transit rewrap');
    const after = await dataFiles(server);
    for (const [path, st] of before) assert.deepEqual(after.get(path), st, `${path} untouched`);
    const again = await kmsAdmin(server, ['--json', 'kms', 'reseal', '--wait']);
    exits(again, 0);
    assert.deepEqual([statusOf(again.stdout)['resealed'], statusOf(again.stdout)['current']], [0, 6]);
    await readsBack(w, 'vault-b');
    await completesPending(w, 'vault-b');
    w.s3.destroy();
  });
});
