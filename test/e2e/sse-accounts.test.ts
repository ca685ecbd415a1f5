/**
 * SSE in the bucket owner's account, end to end over HTTPS (openssl-made CA): accounts A and B
 * made with `cairn admin account create`, each given its own KMS key with `cairn admin kms
 * account set`; the SDK v3 and the AWS CLI write SSE-S3 / SSE-KMS objects as each account.
 * A's objects are sealed with A's key (SSE-KMS without a key id, bucket default encryption),
 * B's with B's, the root account's with the deployment key; an explicit key id of the other
 * account is refused with 403 AccessDenied; everything reads back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { join } from 'node:path';
import {
  CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { issueCertificate, makeCa, type TestCa } from '../helpers/openssl-certs.js';
import { bodyBytes, s3Failure, sdkClient } from '../helpers/s3-client.js';
import { serverEntry, startServer, type CairnServer } from '../helpers/server.js';
import { requireTool, run, type RunResult } from '../helpers/tools.js';

interface Account { accountId: string; accessKey: string; secretKey: string }

const MASTER = 'cairn-deploy-key';
let tmp: TempDir;
let ca: TestCa;
let server: CairnServer;
let a: Account;
let b: Account;
let agent: Agent;
const clients: S3Client[] = [];

function admin(args: readonly string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', NODE_EXTRA_CA_CERTS: ca.certFile,
      CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey,
    },
    timeoutMs: 60_000,
  });
}

async function adminOk(args: readonly string[]): Promise<string> {
  const r = await admin(args);
  assert.equal(r.code, 0, `cairn admin ${args.join(' ')} (exit ${String(r.code)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function clientOf(acct: Account): S3Client {
  const c = sdkClient(server, {
    credentials: { accessKeyId: acct.accessKey, secretAccessKey: acct.secretKey },
    requestHandler: { httpsAgent: agent },
  });
  clients.push(c);
  return c;
}

before(async () => {
  tmp = await makeTempDir('sse-accounts');
  ca = await makeCa(tmp.path);
  const cert = await issueCertificate({ ca, dir: tmp.path, prefix: 'server', dnsNames: ['localhost'], serial: '5105' });
  const certs = join(tmp.path, 'certs');
  await mkdir(certs);
  await writeFile(join(certs, 'public.crt'), await readFile(cert.certFile));
  await writeFile(join(certs, 'private.key'), await readFile(cert.keyFile));
  server = await startServer({ drives: 4, env: { CAIRN_CERTS_DIR: certs, CAIRN_KMS_SECRET_KEY: `${MASTER}:${randomBytes(32).toString('base64')}` } });
  agent = new Agent({ ca: await readFile(ca.certFile) });
  a = JSON.parse(await adminOk(['--json', 'account', 'create', 'tenant-a'])) as Account;
  b = JSON.parse(await adminOk(['--json', 'account', 'create', 'tenant-b'])) as Account;
  await adminOk(['kms', 'key', 'create', 'key-a']);
  await adminOk(['kms', 'key', 'create', 'key-b']);
  await adminOk(['kms', 'account', 'set', a.accountId, 'key-a']);
  await adminOk(['kms', 'account', 'set', b.accountId, 'key-b']);
});

after(async () => {
  for (const c of clients) c.destroy();
  agent?.destroy();
  await server?.stop();
  await tmp?.remove();
});

describe('SSE keys of the bucket owner\'s account (HTTPS, real clients)', () => {
  it('SDK v3: each account\'s objects are sealed with its own key; another account\'s key is AccessDenied', async () => {
    const sa = clientOf(a);
    const sb = clientOf(b);
    await sa.send(new CreateBucketCommand({ Bucket: 'sse-acct-a' }));
    await sb.send(new CreateBucketCommand({ Bucket: 'sse-acct-b' }));
    const body = randomBytes(300 * 1024 + 5);
    for (const [client, bucket, key] of [[sa, 'sse-acct-a', 'key-a'], [sb, 'sse-acct-b', 'key-b']] as const) {
      const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'kms', Body: body, ServerSideEncryption: 'aws:kms' }));
      assert.equal(put.SSEKMSKeyId, key, `${bucket}: SSE-KMS without a key id uses the owner's key`);
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms' }));
      assert.deepEqual([head.ServerSideEncryption, head.SSEKMSKeyId], ['aws:kms', key]);
      assert.ok((await bodyBytes((await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'kms' }))).Body)).equals(body));
      const s3 = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 's3', Body: body, ServerSideEncryption: 'AES256' }));
      assert.equal(s3.ServerSideEncryption, 'AES256');
      assert.ok((await bodyBytes((await client.send(new GetObjectCommand({ Bucket: bucket, Key: 's3' }))).Body)).equals(body));
    }
    assert.deepEqual(
      await s3Failure(sa.send(new PutObjectCommand({ Bucket: 'sse-acct-a', Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'key-b' }))),
      { code: 'AccessDenied', status: 403 },
    );
    // Bucket default encryption without a key id: the owner's key too.
    await sb.send(new PutBucketEncryptionCommand({
      Bucket: 'sse-acct-b',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
    }));
    const byDefault = await sb.send(new PutObjectCommand({ Bucket: 'sse-acct-b', Key: 'default', Body: 'by default' }));
    assert.deepEqual([byDefault.ServerSideEncryption, byDefault.SSEKMSKeyId], ['aws:kms', 'key-b']);
    // The root account has no key of its own: the deployment key.
    const root = sdkClient(server, { requestHandler: { httpsAgent: agent } });
    clients.push(root);
    await root.send(new CreateBucketCommand({ Bucket: 'sse-acct-root' }));
    const rootPut = await root.send(new PutObjectCommand({ Bucket: 'sse-acct-root', Key: 'k', Body: 'root', ServerSideEncryption: 'aws:kms' }));
    assert.equal(rootPut.SSEKMSKeyId, MASTER);
  });

  it('AWS CLI: cp --sse aws:kms seals with the owner\'s key; --sse-kms-key-id of the other account is AccessDenied', async () => {
    const aws = requireTool('aws');
    const base = await awsCliEnv(server, join(tmp.path, 'cli'));
    const cli = (acct: Account, ...args: string[]): Promise<RunResult> => run(aws, ['--endpoint-url', server.endpoint, '--ca-bundle', ca.certFile, ...args], {
      env: { ...base, AWS_ACCESS_KEY_ID: acct.accessKey, AWS_SECRET_ACCESS_KEY: acct.secretKey }, cwd: tmp.path, timeoutMs: 180_000,
    });
    const ok = async (acct: Account, ...args: string[]): Promise<string> => {
      const r = await cli(acct, ...args);
      assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    const file = join(tmp.path, 'cli.bin');
    const content = randomBytes(9 * 1024 * 1024 + 3); // multipart with the CLI's 8 MiB parts
    await writeFile(file, content);
    await ok(a, 's3', 'cp', file, 's3://sse-acct-a/cli', '--sse', 'aws:kms');
    const head = JSON.parse(await ok(a, 's3api', 'head-object', '--bucket', 'sse-acct-a', '--key', 'cli')) as Record<string, unknown>;
    assert.deepEqual([head.ServerSideEncryption, head.SSEKMSKeyId, head.ContentLength], ['aws:kms', 'key-a', content.length]);
    await ok(a, 's3', 'cp', 's3://sse-acct-a/cli', join(tmp.path, 'cli.down'));
    assert.ok((await readFile(join(tmp.path, 'cli.down'))).equals(content));
    const refused = await cli(b, 's3api', 'put-object', '--bucket', 'sse-acct-b', '--key', 'stolen', '--body', file,
      '--server-side-encryption', 'aws:kms', '--ssekms-key-id', 'key-a');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /AccessDenied/);
    assert.match(refused.stderr, /kms:GenerateDataKey on resource: key-a/);
  });
});
