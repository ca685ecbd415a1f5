/**
 * The CLI's signer against the independent test signer (written from the AWS docs) and
 * against the server's authenticate(): same signature, and accepted as the root user.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signRequest } from '../../test/helpers/sigv4-signer.js';
import { authenticate } from '../s3/sigv4/index.js';
import { signAdminRequest } from './sign-request.js';

const credentials = { accessKey: 'cairnadmin', secretKey: 'secret-of-root' };
const now = new Date('2026-03-01T12:34:56Z');
const body = Buffer.from('{"recursive":true,"scanMode":2}');

describe('admin request signer', () => {
  it('signs as the independent SigV4 signer does (service s3, the given region)', () => {
    const ours = signAdminRequest({
      method: 'POST', rawPath: '/minio/admin/v3/heal/', rawQuery: 'forceStart=true', host: '127.0.0.1:9000',
      body, region: 'eu-west-3', credentials, now,
    });
    const theirs = signRequest({
      method: 'POST', path: '/minio/admin/v3/heal/?forceStart=true', host: '127.0.0.1:9000',
      payloadHash: ours['x-amz-content-sha256'], date: now,
    }, { ...credentials, region: 'eu-west-3' });
    assert.equal(ours['authorization'], theirs.headers['authorization']);
    assert.match(ours['authorization']!, /Credential=cairnadmin\/20260301\/eu-west-3\/s3\/aws4_request/);
  });

  it('is accepted by the server core, and refused with another secret', () => {
    const headers = signAdminRequest({
      method: 'POST', rawPath: '/minio/admin/v3/background-heal/status', rawQuery: '', host: 'h:1',
      body: Buffer.alloc(0), region: 'us-east-1', credentials, now,
    });
    const req = { method: 'POST', rawPath: '/minio/admin/v3/background-heal/status', rawQuery: '', headers };
    const auth = authenticate(req, { secretFor: (k) => (k === 'cairnadmin' ? 'secret-of-root' : undefined) }, { now, region: 'us-east-1' });
    assert.equal(auth.accessKey, 'cairnadmin');
    assert.equal(auth.method, 'header');
    assert.throws(() => authenticate(req, { secretFor: () => 'another' }, { now, region: 'us-east-1' }), /signature/i);
  });
});
