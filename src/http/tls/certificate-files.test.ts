/**
 * The certificates directory as operators lay it out (MinIO names, a Kubernetes TLS Secret
 * volume with its `..data` symlink, SNI subdirectories, CAs/), with certificates made by the
 * real openssl CLI.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCertificate, makeCa, type IssuedCertificate, type TestCa } from '../../../test/helpers/openssl-certs.js';
import { CertificateDirError, readCertificateFiles, serveCertificates } from './certificate-files.js';

let work: string;
let ca: TestCa;
let main: IssuedCertificate;
let other: IssuedCertificate;
let sni: IssuedCertificate;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'cairn-certs-'));
  ca = await makeCa(work);
  main = await issueCertificate({ ca, dir: work, prefix: 'main', dnsNames: ['localhost'], serial: '1001' });
  other = await issueCertificate({ ca, dir: work, prefix: 'other', dnsNames: ['localhost'], serial: '2002' });
  sni = await issueCertificate({ ca, dir: work, prefix: 'sni', dnsNames: ['*.s3.example.test'], serial: '3003' });
});
after(async () => { await rm(work, { recursive: true, force: true }); });

let n = 0;
async function dir(): Promise<string> {
  const d = join(work, `case${++n}`);
  await mkdir(d);
  return d;
}

describe('certificates directory', () => {
  it('a missing directory or one without certificates is plain HTTP (undefined)', async () => {
    assert.equal(await readCertificateFiles(join(work, 'absent')), undefined);
    const empty = await dir();
    await mkdir(join(empty, 'CAs'));
    assert.equal(await readCertificateFiles(empty), undefined);
  });

  it('public.crt + private.key, SNI subdirectories and CAs/', async () => {
    const d = await dir();
    await copyFile(main.certFile, join(d, 'public.crt'));
    await copyFile(main.keyFile, join(d, 'private.key'));
    await mkdir(join(d, 'example'));
    await copyFile(sni.certFile, join(d, 'example', 'public.crt'));
    await copyFile(sni.keyFile, join(d, 'example', 'private.key'));
    await mkdir(join(d, 'CAs'));
    await copyFile(ca.certFile, join(d, 'CAs', 'root.crt'));
    await writeFile(join(d, 'CAs', 'README.txt'), 'not a certificate');
    const bundle = serveCertificates((await readCertificateFiles(d))!);
    assert.equal(bundle.primary.serialNumber, main.serial);
    assert.deepEqual(bundle.primary.names, ['localhost']);
    assert.equal(bundle.extra.length, 1);
    assert.deepEqual(bundle.extra[0]!.names, ['*.s3.example.test']);
    assert.equal(bundle.trustedCAs.length, 1);
    assert.match(bundle.trustedCAs[0]!, /BEGIN CERTIFICATE/);
  });

  it('a Kubernetes Secret volume: tls.crt / tls.key through ..data, whose swap changes the fingerprint', async () => {
    const d = await dir();
    await mkdir(join(d, '..2026_12_02_01'));
    await copyFile(main.certFile, join(d, '..2026_12_02_01', 'tls.crt'));
    await copyFile(main.keyFile, join(d, '..2026_12_02_01', 'tls.key'));
    await symlink('..2026_12_02_01', join(d, '..data'));
    await symlink('..data/tls.crt', join(d, 'tls.crt'));
    await symlink('..data/tls.key', join(d, 'tls.key'));
    const first = (await readCertificateFiles(d))!;
    assert.equal(serveCertificates(first).primary.serialNumber, main.serial);
    assert.equal(serveCertificates(first).extra.length, 0, '..data and ..<timestamp> are not SNI subdirectories');
    assert.equal((await readCertificateFiles(d))!.fingerprint, first.fingerprint, 'nothing changed, same fingerprint');
    await mkdir(join(d, '..2026_12_02_02'));
    await copyFile(other.certFile, join(d, '..2026_12_02_02', 'tls.crt'));
    await copyFile(other.keyFile, join(d, '..2026_12_02_02', 'tls.key'));
    await symlink('..2026_12_02_02', join(d, '..data_tmp'));
    await rename(join(d, '..data_tmp'), join(d, '..data'));
    const second = (await readCertificateFiles(d))!;
    assert.notEqual(second.fingerprint, first.fingerprint);
    assert.equal(serveCertificates(second).primary.serialNumber, other.serial);
  });

  it('refuses a half pair, a key of another certificate and garbage, naming the file', async () => {
    const half = await dir();
    await copyFile(main.certFile, join(half, 'public.crt'));
    await assert.rejects(readCertificateFiles(half), (e: unknown) => e instanceof CertificateDirError && /public\.crt has no matching .*private\.key/.test(e.message));

    const mismatched = await dir();
    await copyFile(main.certFile, join(mismatched, 'public.crt'));
    await copyFile(other.keyFile, join(mismatched, 'private.key'));
    const files = (await readCertificateFiles(mismatched))!;
    assert.throws(() => serveCertificates(files), (e: unknown) => e instanceof CertificateDirError && /public\.crt: the private key does not belong/.test(e.message));

    const garbage = await dir();
    await writeFile(join(garbage, 'public.crt'), 'not a certificate');
    await copyFile(main.keyFile, join(garbage, 'private.key'));
    const garbageFiles = (await readCertificateFiles(garbage))!;
    assert.throws(() => serveCertificates(garbageFiles), (e: unknown) => e instanceof CertificateDirError && /is not a PEM certificate/.test(e.message));

    const onlySub = await dir();
    await mkdir(join(onlySub, 'example'));
    await copyFile(sni.certFile, join(onlySub, 'example', 'public.crt'));
    await copyFile(sni.keyFile, join(onlySub, 'example', 'private.key'));
    await assert.rejects(readCertificateFiles(onlySub), /no public\.crt \+ private\.key .* of its own/);
  });
});
