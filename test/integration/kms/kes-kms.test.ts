/**
 * Cairn's KES client against the in-repo KES stand-in (test/helpers/fake-kes.ts, the KES server
 * API; KES cannot be installed here) over mutual TLS with openssl-made certificates: data keys
 * bound to their context, key creation and description, identities KES does not allow, and
 * every failure as its domain error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  KmsAccessDeniedError, DecryptionFailedError, KmsKeyNotFoundError, KmsUnavailableError,
} from '../../../src/errors/domain-errors.js';
import { KesKms } from '../../../src/kms/kes-kms.js';
import type { KmsEndpoint } from '../../../src/kms/kms-http.js';
import { kesIdentity, startFakeKes, type FakeKes } from '../../helpers/fake-kes.js';
import { makeTempDir, type TempDir } from '../../helpers/files.js';
import { issueCertificate, makeCa } from '../../helpers/openssl-certs.js';

const CONTEXT = { bucket: 'photos', key: 'cat.jpg', account: 'acme' };
let tmp: TempDir;
let kes: FakeKes;
let endpoint: KmsEndpoint;
let strangerEndpoint: KmsEndpoint;
let noCertEndpoint: KmsEndpoint;

before(async () => {
  tmp = await makeTempDir('kes');
  const ca = await makeCa(tmp.path);
  const caPem = await readFile(ca.certFile);
  const server = await issueCertificate({ ca, dir: tmp.path, prefix: 'kes', dnsNames: ['localhost'], serial: '6006' });
  const client = await issueCertificate({ ca, dir: tmp.path, prefix: 'cairn', dnsNames: ['cairn'], serial: '7007', usage: 'clientAuth' });
  const stranger = await issueCertificate({ ca, dir: tmp.path, prefix: 'stranger', dnsNames: ['stranger'], serial: '7008', usage: 'clientAuth' });
  const clientCert = await readFile(client.certFile);
  const identity = kesIdentity(new X509Certificate(clientCert).publicKey.export({ type: 'spki', format: 'der' }));
  kes = await startFakeKes({ cert: await readFile(server.certFile), key: await readFile(server.keyFile), clientCa: caPem, allowed: [identity] });
  endpoint = { url: new URL(kes.url), ca: [caPem], clientCert: { cert: clientCert, key: await readFile(client.keyFile) } };
  strangerEndpoint = { ...endpoint, clientCert: { cert: await readFile(stranger.certFile), key: await readFile(stranger.keyFile) } };
  noCertEndpoint = { url: new URL(kes.url), ca: [caPem] };
});
after(async () => {
  await kes?.stop();
  await tmp?.remove();
});

describe('KES KMS', () => {
  it('creates a key once, describes it, and round-trips a data key bound to its context', async () => {
    const kms = new KesKms({ endpoint });
    assert.equal(await kms.createKey('tenant-acme'), 'created');
    assert.equal(await kms.createKey('tenant-acme'), 'exists');
    const dk = await kms.generateDataKey('tenant-acme', CONTEXT);
    assert.equal(dk.plaintext.length, 32);
    assert.deepEqual(await kms.decrypt('tenant-acme', dk.ciphertext, { account: 'acme', key: 'cat.jpg', bucket: 'photos' }), dk.plaintext, 'the same context in another key order');
    await assert.rejects(kms.decrypt('tenant-acme', dk.ciphertext, { ...CONTEXT, account: 'other' }), DecryptionFailedError, 'another account\'s context never unseals it');
    const status = await kms.keyStatus('tenant-acme');
    assert.deepEqual(status, { keyId: 'tenant-acme', encryptionOk: true, decryptionOk: true });
    for (const extra of ['b-key', 'c-key', 'd-key']) await kms.createKey(extra);
    assert.deepEqual(await kms.listKeys(), ['b-key', 'c-key', 'd-key', 'tenant-acme'], 'every key');
    const health = await kms.status();
    assert.equal(health.reachable, true);
    assert.equal(health.version, 'v0.0.0-cairn-fake');
  });

  it('an unknown key, a tampered ciphertext, a key of another name', async () => {
    const kms = new KesKms({ endpoint });
    await kms.createKey('other');
    const dk = await kms.generateDataKey('tenant-acme', CONTEXT);
    await assert.rejects(kms.generateDataKey('missing', CONTEXT), KmsKeyNotFoundError);
    const tampered = Buffer.from(dk.ciphertext);
    tampered[tampered.length - 3] ^= 1;
    await assert.rejects(kms.decrypt('tenant-acme', tampered, CONTEXT), DecryptionFailedError);
    await assert.rejects(kms.decrypt('other', dk.ciphertext, CONTEXT), DecryptionFailedError);
  });

  it('an identity KES does not allow is KmsAccessDeniedError; no client certificate cannot connect', async () => {
    await assert.rejects(new KesKms({ endpoint: strangerEndpoint }).generateDataKey('tenant-acme', CONTEXT),
      (e: unknown) => e instanceof KmsAccessDeniedError && /not authorized/.test(e.message));
    await assert.rejects(new KesKms({ endpoint: noCertEndpoint }).generateDataKey('tenant-acme', CONTEXT), KmsUnavailableError);
    assert.equal((await new KesKms({ endpoint: strangerEndpoint }).status()).reachable, false);
  });
});
