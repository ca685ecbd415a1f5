/**
 * Server-side encryption with real clients over HTTPS (openssl-made CA, the clients given the
 * CA bundle): the SDK v3, the AWS CLI (--sse, --sse-kms-key-id, --sse-c) and boto3, for
 * put/get/range/copy/multipart in SSE-S3, SSE-KMS and SSE-C; bucket default encryption; the
 * AWS error answers; and a plain-HTTP server without a KMS (SSE-C refused over HTTP, SSE-S3
 * answered 501 as MinIO does without a KMS).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand, GetObjectAttributesCommand, GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand,
  PutObjectCommand, UploadPartCommand, UploadPartCopyCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { makeTempDir, randomPayload, type TempDir } from '../helpers/files.js';
import { issueCertificate, makeCa, type TestCa } from '../helpers/openssl-certs.js';
import { bodyBytes, s3Failure, sdkClient } from '../helpers/s3-client.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { baseEnv, requireTool, run, runOk } from '../helpers/tools.js';
import { SSE_BOTO3_SCRIPT, SSE_BOTO3_STEPS } from './sse-boto3-script.js';

const KMS_KEY = 'cairn-e2e-key';
const SSEC_KEY = 'a'.repeat(32);
const SSEC = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: SSEC_KEY } as const;
const md5hex = (b: Buffer): string => createHash('md5').update(b).digest('hex');

let tmp: TempDir;
let ca: TestCa;
let tls: CairnServer;
let plain: CairnServer;
let s3: S3Client;

before(async () => {
  tmp = await makeTempDir('sse-clients');
  ca = await makeCa(tmp.path);
  const cert = await issueCertificate({ ca, dir: tmp.path, prefix: 'server', dnsNames: ['localhost'], serial: '5005' });
  const certs = join(tmp.path, 'certs');
  await mkdir(certs);
  await writeFile(join(certs, 'public.crt'), await readFile(cert.certFile));
  await writeFile(join(certs, 'private.key'), await readFile(cert.keyFile));
  tls = await startServer({
    drives: 4,
    env: { CAIRN_CERTS_DIR: certs, CAIRN_KMS_SECRET_KEY: `${KMS_KEY}:${randomBytes(32).toString('base64')}` },
  });
  plain = await startServer({ env: { CAIRN_CERTS_DIR: join(tmp.path, 'no-certs') } });
  s3 = sdkClient(tls, { requestHandler: { httpsAgent: new Agent({ ca: await readFile(ca.certFile) }) } });
  await s3.send(new CreateBucketCommand({ Bucket: 'sse' }));
});

after(async () => {
  s3?.destroy();
  await tls?.stop();
  await plain?.stop();
  await tmp?.remove();
});

describe('SSE with real clients over HTTPS', () => {
  it('SDK v3: put/get/range/head/attributes in every mode, ETags, copies between modes', async () => {
    const body = randomPayload(700 * 1024 + 3);
    const modes = {
      s3: { ServerSideEncryption: 'AES256' },
      kms: { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_KEY, SSEKMSEncryptionContext: Buffer.from('{"team":"e2e"}').toString('base64') },
      c: SSEC,
    } as const;
    for (const [name, args] of Object.entries(modes)) {
      const put = await s3.send(new PutObjectCommand({ Bucket: 'sse', Key: name, Body: body, ...args }));
      const read = name === 'c' ? SSEC : {};
      const got = await s3.send(new GetObjectCommand({ Bucket: 'sse', Key: name, ...read }));
      assert.ok((await bodyBytes(got.Body)).equals(body), name);
      const range = await s3.send(new GetObjectCommand({ Bucket: 'sse', Key: name, Range: 'bytes=65530-200000', ...read }));
      assert.ok((await bodyBytes(range.Body)).equals(body.subarray(65530, 200001)), `${name} range`);
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'sse', Key: name, ...read }));
      assert.equal(head.ContentLength, body.length);
      if (name === 's3') {
        assert.equal(put.ServerSideEncryption, 'AES256');
        assert.equal(put.ETag, `"${md5hex(body)}"`, 'SSE-S3 ETag = MD5 of the plaintext');
      } else {
        assert.notEqual(put.ETag, `"${md5hex(body)}"`, `${name}: ETag is not the MD5`);
      }
      if (name === 'kms') {
        assert.equal(head.ServerSideEncryption, 'aws:kms');
        assert.equal(head.SSEKMSKeyId, KMS_KEY);
      }
      if (name === 'c') {
        assert.equal(head.SSECustomerAlgorithm, 'AES256');
        assert.equal(head.SSECustomerKeyMD5, createHash('md5').update(SSEC_KEY).digest('base64'));
      }
      const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket: 'sse', Key: name, ObjectAttributes: ['ObjectSize', 'ETag'], ...read }));
      assert.equal(attrs.ObjectSize, body.length);
    }
    // Errors AWS gives for SSE-C reads.
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 'c' }))), { code: 'InvalidRequest', status: 400 });
    assert.deepEqual(
      await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 'c', SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'z'.repeat(32) }))),
      { code: 'AccessDenied', status: 403 },
    );
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 's3', ...SSEC }))), { code: 'InvalidRequest', status: 400 });
    // Copies: SSE-C source -> SSE-KMS, SSE-S3 -> SSE-C, and re-encrypting in place.
    await s3.send(new CopyObjectCommand({
      Bucket: 'sse', Key: 'c2kms', CopySource: 'sse/c', CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: SSEC_KEY,
      ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_KEY,
    }));
    assert.ok((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 'c2kms' }))).Body)).equals(body));
    await s3.send(new CopyObjectCommand({ Bucket: 'sse', Key: 's32c', CopySource: 'sse/s3', ...SSEC }));
    assert.ok((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 's32c', ...SSEC }))).Body)).equals(body));
    const self = await s3.send(new CopyObjectCommand({ Bucket: 'sse', Key: 's3', CopySource: 'sse/s3', ServerSideEncryption: 'aws:kms' }));
    assert.equal(self.ServerSideEncryption, 'aws:kms');
    // An SSE-C object copied onto itself with only the copy-source key is decrypted in place: it
    // takes the bucket's default encryption (none in this bucket), and reads need no key any more
    // (minio-go's copy tests).
    await s3.send(new CopyObjectCommand({ Bucket: 'sse', Key: 'c2self', CopySource: 'sse/c', CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: SSEC_KEY, ...SSEC }));
    const decrypted = await s3.send(new CopyObjectCommand({
      Bucket: 'sse', Key: 'c2self', CopySource: 'sse/c2self', CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: SSEC_KEY,
    }));
    assert.equal(decrypted.SSECustomerAlgorithm, undefined);
    const plainRead = await s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 'c2self' }));
    assert.equal(plainRead.SSECustomerAlgorithm, undefined);
    assert.ok((await bodyBytes(plainRead.Body)).equals(body));
    assert.deepEqual(await s3Failure(s3.send(new CopyObjectCommand({ Bucket: 'sse', Key: 'c2self', CopySource: 'sse/c2self' }))), { code: 'InvalidRequest', status: 400 },
      'a plain copy onto itself still changes nothing');
  });

  it('SDK v3: SSE-C multipart with the key on every part, UploadPartCopy, a Complete with another key refused, ranges across parts', async () => {
    const p1 = randomPayload(5 * 1024 * 1024 + 1);
    const src = randomPayload(2 * 1024 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: 'sse', Key: 'copy-src', Body: src, ServerSideEncryption: 'AES256' }));
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sse', Key: 'mp', ...SSEC }));
    assert.equal(up.SSECustomerAlgorithm, 'AES256');
    const u1 = await s3.send(new UploadPartCommand({ Bucket: 'sse', Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: p1, ...SSEC }));
    assert.deepEqual(
      await s3Failure(s3.send(new UploadPartCommand({ Bucket: 'sse', Key: 'mp', UploadId: up.UploadId, PartNumber: 2, Body: src }))),
      { code: 'InvalidRequest', status: 400 },
    );
    const u2 = await s3.send(new UploadPartCopyCommand({ Bucket: 'sse', Key: 'mp', UploadId: up.UploadId, PartNumber: 2, CopySource: 'sse/copy-src', ...SSEC }));
    const parts = { Parts: [{ PartNumber: 1, ETag: u1.ETag }, { PartNumber: 2, ETag: u2.CopyPartResult?.ETag }] };
    // The key is optional on the Complete (AWS needs it only with checksums), but another key is refused.
    assert.deepEqual(
      await s3Failure(s3.send(new CompleteMultipartUploadCommand({
        Bucket: 'sse', Key: 'mp', UploadId: up.UploadId, MultipartUpload: parts, SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'b'.repeat(32),
      }))),
      { code: 'InvalidArgument', status: 400 },
    );
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sse', Key: 'mp', UploadId: up.UploadId, MultipartUpload: parts, ...SSEC }));
    assert.match(done.ETag ?? '', /-2"$/);
    const whole = Buffer.concat([p1, src]);
    assert.ok((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 'mp', ...SSEC }))).Body)).equals(whole));
    const r = await s3.send(new GetObjectCommand({ Bucket: 'sse', Key: 'mp', Range: `bytes=${p1.length - 10}-${p1.length + 70000}`, ...SSEC }));
    assert.ok((await bodyBytes(r.Body)).equals(whole.subarray(p1.length - 10, p1.length + 70001)));
  });

  it('bucket default encryption: Put/Get/Delete, applied to PUTs without headers', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sse-default' }));
    assert.deepEqual(
      await s3Failure(s3.send(new GetBucketEncryptionCommand({ Bucket: 'sse-default' }))),
      { code: 'ServerSideEncryptionConfigurationNotFoundError', status: 404 },
    );
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: 'sse-default',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_KEY }, BucketKeyEnabled: true }] },
    }));
    const got = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'sse-default' }));
    const rule = got.ServerSideEncryptionConfiguration?.Rules?.[0];
    assert.equal(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'aws:kms');
    assert.equal(rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, KMS_KEY);
    assert.equal(rule?.BucketKeyEnabled, true);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'sse-default', Key: 'k', Body: 'default encrypted' }));
    assert.equal(put.ServerSideEncryption, 'aws:kms');
    assert.equal(put.BucketKeyEnabled, true);
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'sse-default' }));
    const after = await s3.send(new PutObjectCommand({ Bucket: 'sse-default', Key: 'k2', Body: 'plain' }));
    assert.equal(after.ServerSideEncryption, undefined);
  });

  it('AWS CLI: cp with --sse AES256, --sse aws:kms --sse-kms-key-id, --sse-c (multipart too), ranged get-object', async () => {
    const aws = requireTool('aws');
    const env = await awsCliEnv(tls, join(tmp.path, 'cli'));
    const cli = (...args: string[]): Promise<string> =>
      runOk(aws, ['--endpoint-url', tls.endpoint, '--ca-bundle', ca.certFile, ...args], { env, cwd: tmp.path, timeoutMs: 180_000 });
    const small = join(tmp.path, 'small.bin');
    const big = join(tmp.path, 'big.bin');
    const smallBody = randomPayload(200 * 1024);
    const bigBody = randomPayload(17 * 1024 * 1024 + 9);
    await writeFile(small, smallBody);
    await writeFile(big, bigBody);
    const modes: Record<string, string[]> = {
      s3: ['--sse', 'AES256'],
      kms: ['--sse', 'aws:kms', '--sse-kms-key-id', KMS_KEY],
      c: ['--sse-c', 'AES256', '--sse-c-key', SSEC_KEY],
    };
    for (const [name, flags] of Object.entries(modes)) {
      const read = name === 'c' ? flags : [];
      for (const [file, content] of [[small, smallBody], [big, bigBody]] as const) {
        const key = `cli-${name}-${content.length}`;
        await cli('s3', 'cp', file, `s3://sse/${key}`, ...flags);
        const down = join(tmp.path, `${key}.down`);
        await cli('s3', 'cp', `s3://sse/${key}`, down, ...read);
        assert.ok((await readFile(down)).equals(content), `${name} ${content.length}`);
      }
      const head = JSON.parse(await cli('s3api', 'head-object', '--bucket', 'sse', '--key', `cli-${name}-${bigBody.length}`,
        ...(name === 'c' ? ['--sse-customer-algorithm', 'AES256', '--sse-customer-key', SSEC_KEY] : []))) as Record<string, unknown>;
      assert.equal(head.ContentLength, bigBody.length);
      if (name === 's3') assert.equal(head.ServerSideEncryption, 'AES256');
      if (name === 'kms') assert.equal(head.SSEKMSKeyId, KMS_KEY);
      if (name === 'c') assert.equal(head.SSECustomerAlgorithm, 'AES256');
      const part = join(tmp.path, `cli-${name}.range`);
      await cli('s3api', 'get-object', '--bucket', 'sse', '--key', `cli-${name}-${bigBody.length}`, '--range', 'bytes=8388600-8388700',
        ...(name === 'c' ? ['--sse-customer-algorithm', 'AES256', '--sse-customer-key', SSEC_KEY] : []), part);
      assert.ok((await readFile(part)).equals(bigBody.subarray(8388600, 8388701)));
    }
    // A server-side copy of an SSE-C object into SSE-S3.
    await cli('s3', 'cp', `s3://sse/cli-c-${smallBody.length}`, 's3://sse/cli-c-copied', '--sse-c-copy-source', 'AES256', '--sse-c-copy-source-key', SSEC_KEY, '--sse', 'AES256');
    await cli('s3', 'cp', 's3://sse/cli-c-copied', join(tmp.path, 'copied.down'));
    assert.ok((await readFile(join(tmp.path, 'copied.down'))).equals(smallBody));
  });

  it('boto3: every mode, ranges, copies, multipart, a wrong SSE-C key', async () => {
    const python = requireTool('boto3');
    const home = join(tmp.path, 'boto3-home');
    await mkdir(home, { recursive: true });
    const script = join(tmp.path, 'sse_boto3.py');
    await writeFile(script, SSE_BOTO3_SCRIPT);
    const r = await run(python, [script], {
      env: {
        ...baseEnv(home), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true',
        CAIRN_ENDPOINT: tls.endpoint, CAIRN_KEY: tls.accessKey, CAIRN_SECRET: tls.secretKey, CAIRN_WORKDIR: tmp.path,
        CAIRN_CA_BUNDLE: ca.certFile, CAIRN_KMS_KEY: KMS_KEY,
      },
      timeoutMs: 300_000,
    });
    const passed = r.stdout.split('\n').filter((l) => l.startsWith('STEP ')).map((l) => l.slice(5));
    assert.equal(r.code, 0, `boto3 failed after ${passed.join(', ') || 'no step'}:\n${r.stderr.slice(-4000)}`);
    assert.deepEqual(passed, SSE_BOTO3_STEPS);
  });

  it('plain HTTP without a KMS: SSE-C refused (not over TLS), SSE-S3 501 NotImplemented, plain PUT fine', async () => {
    const client = sdkClient(plain);
    try {
      await client.send(new CreateBucketCommand({ Bucket: 'plain' }));
      assert.deepEqual(
        await s3Failure(client.send(new PutObjectCommand({ Bucket: 'plain', Key: 'c', Body: 'x', ...SSEC }))),
        { code: 'InvalidRequest', status: 400 },
      );
      assert.deepEqual(
        await s3Failure(client.send(new PutObjectCommand({ Bucket: 'plain', Key: 's', Body: 'x', ServerSideEncryption: 'AES256' }))),
        { code: 'NotImplemented', status: 501 },
      );
      await client.send(new PutObjectCommand({ Bucket: 'plain', Key: 'p', Body: 'x' }));
    } finally {
      client.destroy();
    }
  });
});
