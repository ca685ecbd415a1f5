/**
 * The system bucket `.cairn.sys` through the real process (4 drives, EC 2+2): S3 can neither
 * list nor address it, and the generated root credentials it holds survive losing any two
 * drives, because they are erasure coded and healed like user data.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ROOT_CREDENTIALS_OBJECT } from '../../src/compose/root-credentials.js';
import { bucketKey, objectKey } from '../../src/object/meta-keys.js';
import { SYSTEM_BUCKET } from '../../src/object/index.js';
import { LocalDrive } from '../../src/storage/index.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { xmlValue } from '../helpers/raw-http.js';
import { sdkClient } from '../helpers/s3-client.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { waitFor } from '../helpers/wait-for.js';

const USER_BUCKET = 'user-bkt';
let dir: TempDir;
let drives: string[];
let server: CairnServer | undefined;

/** A start with no CAIRN_ROOT_* variables; `known` = the pair a restart must present. */
async function boot(known?: { accessKey: string; secretKey: string }): Promise<CairnServer> {
  server = await startServer({ drivePaths: drives, generatedCredentials: true, ...(known ? { credentials: known } : {}) });
  return server;
}

async function shutdown(): Promise<void> {
  await server?.stop();
  server = undefined;
}

async function wipe(paths: readonly string[]): Promise<void> {
  for (const d of paths) for (const entry of await readdir(d)) await rm(join(d, entry), { recursive: true, force: true });
}

/** The user buckets, listed with the SDK (fails when the credentials are not the server's). */
async function listBuckets(s: CairnServer): Promise<string[]> {
  const s3 = sdkClient(s);
  try {
    return ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name!);
  } finally { s3.destroy(); }
}

/** True once the drive holds the system bucket record and the credentials object record. */
async function holdsCredentials(path: string): Promise<boolean> {
  const drive = await LocalDrive.open(path);
  try {
    const [b, o] = await drive.metaGetMany([bucketKey(SYSTEM_BUCKET), objectKey(SYSTEM_BUCKET, ROOT_CREDENTIALS_OBJECT)]);
    return b !== undefined && o !== undefined;
  } finally { await drive.close(); }
}

before(async () => {
  dir = await makeTempDir('sysbucket');
  drives = [];
  for (let i = 1; i <= 4; i++) {
    drives.push(join(dir.path, `d${i}`));
    await mkdir(drives[i - 1]!);
  }
  const s = await boot();
  const s3 = sdkClient(s);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: USER_BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: USER_BUCKET, Key: 'k', Body: 'v' }));
  } finally { s3.destroy(); }
});

after(async () => {
  await shutdown();
  await dir?.remove();
});

describe('system bucket: out of S3 reach', () => {
  it('ListBuckets (SDK) shows the user bucket only', async () => {
    assert.deepEqual(await listBuckets(server!), [USER_BUCKET]);
  });

  it('every request naming .cairn.sys is 400 InvalidBucketName, as AWS answers for an invalid name', async () => {
    const calls: Array<[string, string]> = [
      ['GET', `/${SYSTEM_BUCKET}/${ROOT_CREDENTIALS_OBJECT}`],
      ['HEAD', `/${SYSTEM_BUCKET}/${ROOT_CREDENTIALS_OBJECT}`],
      ['PUT', `/${SYSTEM_BUCKET}/${ROOT_CREDENTIALS_OBJECT}`],
      ['DELETE', `/${SYSTEM_BUCKET}/${ROOT_CREDENTIALS_OBJECT}`],
      ['GET', `/${SYSTEM_BUCKET}`],
      ['GET', `/${SYSTEM_BUCKET}?versions`],
      ['HEAD', `/${SYSTEM_BUCKET}`],
      ['PUT', `/${SYSTEM_BUCKET}`],
      ['DELETE', `/${SYSTEM_BUCKET}`],
      ['GET', `/%2Ecairn.sys/${ROOT_CREDENTIALS_OBJECT}`],
      ['POST', `/${SYSTEM_BUCKET}/x?uploads`],
    ];
    for (const [method, path] of calls) {
      const res = await signedRequest(server!, { method, path, ...(method === 'PUT' ? { body: 'x' } : {}) });
      assert.equal(res.status, 400, `${method} ${path}: ${res.status} ${res.text}`);
      if (method === 'HEAD') continue;
      assert.equal(xmlValue(res.text, 'Code'), 'InvalidBucketName', `${method} ${path}: ${res.text}`);
      assert.equal(xmlValue(res.text, 'BucketName'), SYSTEM_BUCKET, `${method} ${path}: ${res.text}`);
    }
  });

  it('a copy source in .cairn.sys is 400 InvalidBucketName (CopyObject and UploadPartCopy)', async () => {
    const copy = await signedRequest(server!, {
      method: 'PUT', path: `/${USER_BUCKET}/stolen`, headers: { 'x-amz-copy-source': `/${SYSTEM_BUCKET}/${ROOT_CREDENTIALS_OBJECT}` },
    });
    assert.equal(copy.status, 400, copy.text);
    assert.equal(xmlValue(copy.text, 'Code'), 'InvalidBucketName', copy.text);
    const init = await signedRequest(server!, { method: 'POST', path: `/${USER_BUCKET}/mp?uploads` });
    const uploadId = xmlValue(init.text, 'UploadId');
    assert.ok(uploadId, init.text);
    const part = await signedRequest(server!, {
      method: 'PUT', path: `/${USER_BUCKET}/mp?partNumber=1&uploadId=${uploadId}`,
      headers: { 'x-amz-copy-source': `${SYSTEM_BUCKET}/${ROOT_CREDENTIALS_OBJECT}` },
    });
    assert.equal(part.status, 400, part.text);
    assert.equal(xmlValue(part.text, 'Code'), 'InvalidBucketName', part.text);
    const stolen = await signedRequest(server!, { method: 'GET', path: `/${USER_BUCKET}/stolen` });
    assert.equal(stolen.status, 404, 'nothing was copied');
  });
});

describe('system bucket: the root credentials survive losing any two drives', () => {
  it('no loose credentials file on any drive', async () => {
    for (const d of drives) assert.ok(!(await readdir(join(d, '.cairn'))).includes('root-credentials.json'), d);
  });

  it('wipe two drives, restart: the same credentials; once healed, wipe the other two, restart: still the same', async () => {
    const known = { accessKey: server!.accessKey, secretKey: server!.secretKey };
    await shutdown();
    await wipe(drives.slice(0, 2));
    const second = await boot(known);
    assert.doesNotMatch(second.output(), /Root credentials were generated/, 'nothing was generated');
    assert.deepEqual(await listBuckets(second), [USER_BUCKET], 'the stored credentials are the ones in use');
    // The replaced-drive healer rebuilds the system bucket's records on the wiped drives.
    await waitFor('the credentials to be healed onto the wiped drives', async () => {
      for (const d of drives.slice(0, 2)) if (!(await holdsCredentials(d))) return false;
      return true;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    await shutdown();
    await wipe(drives.slice(2));
    const third = await boot(known);
    assert.doesNotMatch(third.output(), /Root credentials were generated/, 'nothing was generated');
    assert.deepEqual(await listBuckets(third), [USER_BUCKET]);
  });
});
