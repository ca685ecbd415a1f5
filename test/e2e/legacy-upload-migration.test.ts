/**
 * Upgrade with a multipart upload in flight: the golden fixture
 * (test/fixtures/format/legacy-upload/, made by make-fixture.mjs with the build before in-place
 * parts) is a drive holding a pending upload in the staging layout: a format v1 `u/` record and
 * part 2 at `multipart/<uploadId>/part.2`. This build serves it from a real server process to
 * @aws-sdk/client-s3: ListParts shows the old part, a part uploaded now joins it (staged, as
 * the upload's layout says), Complete assembles both and GET returns the bytes; the staging
 * dir is gone. A new upload on the same drive is written in place (no `multipart/` dir).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, ListPartsCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/format/legacy-upload/', import.meta.url));
const MiB = 1024 * 1024;

interface Fixture {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly part2: { readonly etag: string; readonly body: string };
}

let dir: string;
let server: CairnServer;
let fx: Fixture;

before(async () => {
  fx = JSON.parse(await readFile(join(FIXTURE, 'fixture.json'), 'utf8')) as Fixture;
  dir = await mkdtemp(join(tmpdir(), 'cairn-legacy-upload-'));
  await promisify(execFile)('tar', ['-xzf', join(FIXTURE, 'drive.tar.gz'), '-C', dir]);
  server = await startServer({ drivePaths: [join(dir, 'd1')], credentials: { accessKey: fx.accessKey, secretKey: fx.secretKey } });
});
after(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every file under `root`, relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name).slice(root.length + 1));
  }
  return out.sort();
}

test('an upload staged before the upgrade completes after it; new uploads are written in place', async () => {
  const s3 = sdkClient(server);
  const cairn = join(dir, 'd1', '.cairn');
  assert.deepEqual(await filesUnder(join(cairn, 'multipart')), [`${fx.uploadId}/part.2`], 'the fixture is the staging layout');

  const listed = await s3.send(new ListPartsCommand({ Bucket: fx.bucket, Key: fx.key, UploadId: fx.uploadId }));
  assert.deepEqual(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]), [[2, fx.part2.etag, Buffer.byteLength(fx.part2.body)]]);

  const part1 = Buffer.alloc(5 * MiB, 0x6c);
  const up1 = await s3.send(new UploadPartCommand({ Bucket: fx.bucket, Key: fx.key, UploadId: fx.uploadId, PartNumber: 1, Body: part1 }));
  assert.deepEqual(await filesUnder(join(cairn, 'multipart')), [`${fx.uploadId}/part.1`, `${fx.uploadId}/part.2`], 'the old upload keeps its layout');
  const done = await s3.send(new CompleteMultipartUploadCommand({
    Bucket: fx.bucket, Key: fx.key, UploadId: fx.uploadId,
    MultipartUpload: { Parts: [{ PartNumber: 1, ETag: up1.ETag! }, { PartNumber: 2, ETag: fx.part2.etag }] },
  }));
  assert.match(done.ETag ?? '', /^"[0-9a-f]{32}-2"$/);
  const got = await s3.send(new GetObjectCommand({ Bucket: fx.bucket, Key: fx.key }));
  assert.equal(got.ContentType, 'application/x-legacy');
  assert.ok((await bodyBytes(got.Body)).equals(Buffer.concat([part1, Buffer.from(fx.part2.body)])), 'object bytes');
  assert.deepEqual(await filesUnder(join(cairn, 'multipart')), [], 'staging dir gone');
  const legacyParts = (await filesUnder(join(cairn, 'data'))).filter((f) => /\/part\.[12]$/.test(f));
  assert.equal(legacyParts.length, 2, 'the staged parts were renamed into the data dir with their names');

  // A new upload after the upgrade: parts written in place, nothing staged.
  const key = 'fresh/object.bin';
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: fx.bucket, Key: key }));
  const body = Buffer.from('written where it will live');
  const p = await s3.send(new UploadPartCommand({ Bucket: fx.bucket, Key: key, UploadId, PartNumber: 1, Body: body }));
  assert.deepEqual(await filesUnder(join(cairn, 'multipart')), []);
  const inPlace = (await filesUnder(join(cairn, 'data'))).filter((f) => /\/part\.1\.[0-9a-f]{32}$/.test(f));
  assert.equal(inPlace.length, 1, 'part 1 in place');
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: fx.bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag! }] } }));
  assert.ok((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: fx.bucket, Key: key }))).Body)).equals(body));
  assert.deepEqual((await filesUnder(join(cairn, 'data'))).filter((f) => /\/part\.1\.[0-9a-f]{32}$/.test(f)), inPlace, 'completing moved nothing');
});
