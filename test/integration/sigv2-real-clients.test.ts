/**
 * SigV2 and SigV4 from Python clients against the in-process auth endpoint: s3cmd with
 * signature_v2 = True and False, and boto3 with signature_version 's3' (SigV2 header and
 * query) and 's3v4' (header and presigned). Each client runs with a clean environment.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { baseEnv, requireTool, runOk } from '../helpers/tools.js';
import { startAuthHarness, type AuthHarness } from './sigv4-auth-harness.js';

describe('SigV2 / SigV4 with s3cmd and boto3 (in-process auth endpoint)', () => {
  let h: AuthHarness;
  let dir: string;

  before(async () => {
    h = await startAuthHarness();
    dir = await mkdtemp(join(tmpdir(), 'cairn-sigv2-'));
  });

  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const v2 of [true, false]) {
    it(`s3cmd put/get with signature_v2 = ${v2 ? 'True' : 'False'}`, async () => {
      const s3cmd = requireTool('s3cmd');
      const cfg = join(dir, `s3cfg-${v2}`);
      await writeFile(
        cfg,
        [
          '[default]',
          `access_key = ${h.accessKey}`,
          `secret_key = ${h.secretKey}`,
          `host_base = 127.0.0.1:${h.port}`,
          `host_bucket = 127.0.0.1:${h.port}`,
          'use_https = False',
          `signature_v2 = ${v2 ? 'True' : 'False'}`,
          'bucket_location = us-east-1',
          '',
        ].join('\n'),
      );
      const src = join(dir, `in-${v2}.txt`);
      const out = join(dir, `out-${v2}.txt`);
      await writeFile(src, `s3cmd body ${v2}`);
      const key = `s3://bkt/s3cmd ${v2 ? 'v2' : 'v4'}/a+b~c é.txt`;
      const env = baseEnv(dir);
      await runOk(s3cmd, ['-c', cfg, 'put', src, key], { env, timeoutMs: 60_000 });
      await runOk(s3cmd, ['-c', cfg, 'get', '--force', key, out], { env, timeoutMs: 60_000 });
      assert.equal(await readFile(out, 'utf8'), `s3cmd body ${v2}`);
      const mine = h.seen.filter((r) => r.path.includes(v2 ? 's3cmd%20v2' : 's3cmd%20v4'));
      assert.ok(mine.length >= 2);
      for (const r of mine) {
        assert.equal(r.errorCode, undefined);
        assert.equal(r.version, v2 ? 2 : 4);
      }
    });
  }

  it('boto3: SigV2 header + query (with a response-* sub-resource) and SigV4 header + presigned', async () => {
    const python = requireTool('boto3');
    const script = `
import sys, urllib.request, boto3
from botocore.config import Config
ep, ak, sk = sys.argv[1], sys.argv[2], sys.argv[3]
key = 'boto/a b+c~%.txt'
def client(sig):
    return boto3.client('s3', endpoint_url=ep, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1',
                        config=Config(signature_version=sig, s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
v4, v2 = client('s3v4'), client('s3')
v4.put_object(Bucket='bkt', Key=key, Body=b'hello boto')
assert v4.get_object(Bucket='bkt', Key=key)['Body'].read() == b'hello boto'
assert v2.get_object(Bucket='bkt', Key=key)['Body'].read() == b'hello boto'
v2.put_object(Bucket='bkt', Key=key + '.v2', Body=b'via v2', ContentType='text/plain', Metadata={'note': 'x  y'})
for c in (v4, v2):
    url = c.generate_presigned_url('get_object', Params={'Bucket': 'bkt', 'Key': key, 'ResponseContentType': 'text/x y'}, ExpiresIn=100)
    assert urllib.request.urlopen(url).read() == b'hello boto', url
print('ok')
`;
    const out = await runOk(python, ['-c', script, `http://127.0.0.1:${h.port}`, h.accessKey, h.secretKey], { env: baseEnv(dir), timeoutMs: 60_000 });
    assert.match(out, /ok/);
    assert.deepEqual(h.objects.get('/bkt/boto/a b+c~%.txt.v2'), Buffer.from('via v2'));
    const boto = h.seen.filter((r) => r.path.includes('/boto/'));
    assert.ok(boto.some((r) => r.version === 2 && r.scheme === 'header'));
    assert.ok(boto.some((r) => r.version === 2 && r.scheme === 'presigned'));
    assert.ok(boto.some((r) => r.version === 4 && r.scheme === 'header'));
    assert.ok(boto.some((r) => r.version === 4 && r.scheme === 'presigned'));
    for (const r of boto) assert.equal(r.errorCode, undefined, JSON.stringify(r));
  });
});
