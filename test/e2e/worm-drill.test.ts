/**
 * The WORM drill (issue 12, "How it is shown"), against a spawned server as the cluster root:
 * a COMPLIANCE-locked version survives DeleteObject with its versionId (bypass header or
 * not), DeleteObjects, an overwrite (the old version stays readable), a delete without
 * versionId (only a delete marker is added), a retention shortening or removal, a change to
 * GOVERNANCE and a bucket delete; once its retain-until date has passed (waited for as a
 * condition on the clock, a few seconds) it can be deleted, and then the bucket too.
 * AWS S3 User Guide, "How S3 Object Lock works": "In compliance mode, a protected object
 * version can't be overwritten or deleted by any user, including the root user".
 * (The lifecycle worker deletes through `ObjectLayer.deleteObject({ bucket, key, versionId })`,
 * refused the same way: test/integration/object-layer-lock.test.ts.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { signedRequest } from '../helpers/signed-request.js';
import { waitFor } from '../helpers/wait-for.js';

const BUCKET = 'worm-drill';
let s: CairnServer;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const h = body !== undefined ? { 'content-md5': createHash('md5').update(body).digest('base64'), ...headers } : headers;
  return signedRequest(s, { method, path, headers: h, ...(body !== undefined ? { body } : {}) });
}

describe('WORM drill (cluster root)', () => {
  it('a COMPLIANCE version survives every removal until its date, then goes', async () => {
    assert.equal((await signedRequest(s, { method: 'PUT', path: `/${BUCKET}`, headers: { 'x-amz-bucket-object-lock-enabled': 'true' } })).status, 200);
    const until = new Date(Date.now() + 4000);
    const put = await call('PUT', `/${BUCKET}/ledger`, 'original', {
      'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': until.toISOString(),
    });
    assert.equal(put.status, 200, put.text);
    const v = String(put.headers['x-amz-version-id']);
    const bypass = { 'x-amz-bypass-governance-retention': 'true' };

    const refusals = [
      await call('DELETE', `/${BUCKET}/ledger?versionId=${v}`),
      await call('DELETE', `/${BUCKET}/ledger?versionId=${v}`, undefined, bypass),
      await call('PUT', `/${BUCKET}/ledger?retention&versionId=${v}`,
        `<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>${new Date(until.getTime() - 2000).toISOString()}</RetainUntilDate></Retention>`, bypass),
      await call('PUT', `/${BUCKET}/ledger?retention&versionId=${v}`, '<Retention/>', bypass),
      await call('PUT', `/${BUCKET}/ledger?retention&versionId=${v}`,
        `<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>${until.toISOString()}</RetainUntilDate></Retention>`, bypass),
    ];
    for (const r of refusals) assert.deepEqual([r.status, xmlValue(r.text, 'Code')], [403, 'AccessDenied'], r.text);

    const batch = await call('POST', `/${BUCKET}?delete`, `<Delete><Object><Key>ledger</Key><VersionId>${v}</VersionId></Object></Delete>`, bypass);
    assert.equal(batch.status, 200);
    assert.equal(xmlValue(batch.text, 'Code'), 'AccessDenied', batch.text);

    const overwrite = await call('PUT', `/${BUCKET}/ledger`, 'overwritten');
    assert.equal(overwrite.status, 200);
    const marker = await call('DELETE', `/${BUCKET}/ledger`);
    assert.deepEqual([marker.status, marker.headers['x-amz-delete-marker']], [204, 'true']);
    const old = await call('GET', `/${BUCKET}/ledger?versionId=${v}`);
    assert.deepEqual([old.status, old.text, old.headers['x-amz-object-lock-mode']], [200, 'original', 'COMPLIANCE']);

    const rb = await call('DELETE', `/${BUCKET}`);
    assert.deepEqual([rb.status, xmlValue(rb.text, 'Code')], [409, 'BucketNotEmpty']);
    assert.equal((await call('GET', `/${BUCKET}/ledger?versionId=${v}`)).text, 'original', 'still there after every attempt');

    await waitFor('the retain-until date to pass', () => Date.now() > until.getTime(), { timeoutMs: 30_000 });
    const gone = await call('DELETE', `/${BUCKET}/ledger?versionId=${v}`);
    assert.equal(gone.status, 204, gone.text);
    assert.equal(xmlValue((await call('GET', `/${BUCKET}/ledger?versionId=${v}`)).text, 'Code'), 'NoSuchVersion');

    const rest = await call('GET', `/${BUCKET}?versions`);
    const ids = [...xmlValues(rest.text, 'VersionId')];
    assert.equal(ids.length, 2, rest.text); // the overwrite and the marker
    for (const id of ids) assert.equal((await call('DELETE', `/${BUCKET}/ledger?versionId=${id}`)).status, 204);
    assert.equal((await call('DELETE', `/${BUCKET}`)).status, 204);
  });
});
