/**
 * IAM secrets at rest with the built-in KMS (CAIRN_KMS_SECRET_KEY) on a real server process.
 * One drive, so the system bucket's objects are stored whole: a secret written in the clear
 * would be found as is by a scan of every file of the drive.
 *  - Started with the KMS from the first start: the generated root secret, an account root's
 *    secret (`cairn admin account create`) and an IAM user's secret (AWS CLI `iam
 *    create-access-key`) are in no file, raw or base64, nor is the IAM sealing key (opened
 *    offline with the master key); restarted without the KMS the server refuses to start,
 *    naming the key; restarted with it, every key signs.
 *  - Begun without a KMS: a restart with one seals the sealing key (v2 document) and the keys
 *    made before still sign.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuiltinKms } from '../../src/crypto/builtin-kms.js';
import { SEAL_KEY_OBJECT } from '../../src/iam/store/account-doc.js';
import { loadSealKey } from '../../src/iam/store/seal-key.js';
import { ErasureObjectLayer } from '../../src/object/erasure-object-layer.js';
import { SystemStore } from '../../src/object/index.js';
import { createStorage } from '../../src/storage/index.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { refusedStart, serverEntry, startServer, type CairnServer } from '../helpers/server.js';
import { requireTool, run } from '../helpers/tools.js';

const MASTER = randomBytes(32);
const KMS_ENV = { CAIRN_KMS_SECRET_KEY: `cairn-master:${MASTER.toString('base64')}` };

interface Keys { readonly accessKey: string; readonly secretKey: string }

let tmp: TempDir;
before(async () => { tmp = await makeTempDir('iam-at-rest'); });
after(async () => { await tmp?.remove(); });

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

/** The files of `dir` holding `secret` raw or base64-encoded. */
async function filesHolding(dir: string, secret: Buffer): Promise<string[]> {
  const patterns = [secret, Buffer.from(secret.toString('base64'))];
  const hits: string[] = [];
  for (const f of await filesUnder(dir)) {
    const bytes = await readFile(f);
    if (patterns.some((p) => bytes.includes(p))) hits.push(f);
  }
  return hits;
}

/** The stopped deployment's seal-key document, and the key it holds (opened with the master key). */
async function sealKeyOffline(drive: string): Promise<{ doc: Record<string, unknown>; key: Buffer }> {
  const layer = new ErasureObjectLayer(await createStorage({ endpoints: [drive] }));
  try {
    const system = await SystemStore.open(layer);
    const doc = await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>;
    const kms = new BuiltinKms({ keys: [{ name: 'cairn-master', key: Buffer.from(MASTER) }] });
    return { doc, key: await loadSealKey(system, { kms, keyId: 'cairn-master' }) };
  } finally {
    await layer.close();
  }
}

async function createAccount(server: CairnServer, name: string): Promise<Keys> {
  const made = await run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, '--json', 'account', 'create', name], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey },
    timeoutMs: 60_000,
  });
  assert.equal(made.code, 0, made.stderr);
  return JSON.parse(made.stdout) as Keys;
}

async function aws(server: CairnServer, keys: Keys, args: readonly string[]): Promise<Record<string, unknown>> {
  const env = { ...await awsCliEnv(server, join(tmp.path, 'aws')), AWS_ACCESS_KEY_ID: keys.accessKey, AWS_SECRET_ACCESS_KEY: keys.secretKey };
  const r = await run(requireTool('aws'), [...args, '--endpoint-url', server.endpoint, '--output', 'json'], { env, timeoutMs: 120_000 });
  assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as Record<string, unknown>;
}

/** An IAM user of the account and its access key. */
async function createUserKey(server: CairnServer, account: Keys, user: string): Promise<Keys> {
  await aws(server, account, ['iam', 'create-user', '--user-name', user]);
  const made = await aws(server, account, ['iam', 'create-access-key', '--user-name', user]) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
  return { accessKey: made.AccessKey.AccessKeyId, secretKey: made.AccessKey.SecretAccessKey };
}

async function assertSigns(server: CairnServer, keys: Keys): Promise<void> {
  const who = await aws(server, keys, ['sts', 'get-caller-identity']);
  assert.equal(typeof who['Arn'], 'string');
}

describe('IAM secrets at rest under the built-in KMS', () => {
  it('no secret and not the sealing key on the drive; without the KMS the server refuses to start; with it every key signs', async () => {
    const drive = join(tmp.path, 'kms-first');
    await mkdir(drive);
    let server = await startServer({ drivePaths: [drive], generatedCredentials: true, env: KMS_ENV });
    const root: Keys = { accessKey: server.accessKey, secretKey: server.secretKey };
    let account: Keys;
    let user: Keys;
    try {
      account = await createAccount(server, 'tenant');
      user = await createUserKey(server, account, 'app');
      await assertSigns(server, user);
    } finally {
      await server.stop();
    }

    const sealed = await sealKeyOffline(drive);
    assert.deepEqual([sealed.doc['version'], sealed.doc['kmsKeyId'], sealed.doc['key']], [2, 'cairn-master', undefined]);
    // The scan sees the system bucket's documents as stored (so it would see a secret in them).
    assert.notDeepEqual(await filesHolding(drive, Buffer.from(`"accessKey":"${root.accessKey}"`)), []);
    for (const [what, secret] of [
      ['the generated root secret', Buffer.from(root.secretKey)], ['the account root secret', Buffer.from(account.secretKey)],
      ['the IAM user secret', Buffer.from(user.secretKey)], ['the IAM sealing key', sealed.key],
    ] as const) {
      assert.deepEqual(await filesHolding(drive, secret), [], `${what} is stored in the clear`);
    }

    const refused = await refusedStart([drive], { generatedCredentials: true });
    assert.notEqual(refused.code, 0);
    assert.match(refused.output, /sealed by KMS key 'cairn-master'/);

    server = await startServer({ drivePaths: [drive], credentials: root, env: KMS_ENV });
    try {
      assert.match(server.output(), /S3-API/);
      for (const keys of [root, account, user]) await assertSigns(server, keys);
    } finally {
      await server.stop();
    }
  });

  it('a deployment begun without a KMS: the first start with one seals the sealing key; keys made before still sign', async () => {
    const drive = join(tmp.path, 'kms-later');
    await mkdir(drive);
    const root: Keys = { accessKey: 'atrestroot', secretKey: 'at-rest-root-secret-1' };
    let server = await startServer({ drivePaths: [drive], credentials: root });
    let account: Keys;
    let user: Keys;
    try {
      account = await createAccount(server, 'early');
      user = await createUserKey(server, account, 'early-app');
    } finally {
      await server.stop();
    }
    server = await startServer({ drivePaths: [drive], credentials: root, env: KMS_ENV });
    try {
      for (const keys of [account, user]) await assertSigns(server, keys);
    } finally {
      await server.stop();
    }
    const sealed = await sealKeyOffline(drive);
    assert.deepEqual([sealed.doc['version'], sealed.doc['kmsKeyId']], [2, 'cairn-master']);
    const refused = await refusedStart([drive], { credentials: root });
    assert.match(refused.output, /sealed by KMS key 'cairn-master'/);
  });
});
