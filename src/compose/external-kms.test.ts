import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rootCertificates } from 'node:tls';
import { KmsConfigError } from '../errors/domain-errors.js';
import { kmsTrustedCAs } from './external-kms.js';

const PEM = (n: number): string => `-----BEGIN CERTIFICATE-----\nTEST${n}\n-----END CERTIFICATE-----\n`;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kms-ca-'));
  await mkdir(join(dir, 'CAs'));
  await writeFile(join(dir, 'CAs', 'b.pem'), PEM(2));
  await writeFile(join(dir, 'CAs', 'a.crt'), PEM(1));
  await writeFile(join(dir, 'CAs', 'notes.txt'), 'not a certificate');
  await mkdir(join(dir, 'empty'));
  await writeFile(join(dir, 'one.pem'), PEM(3));
});
after(async () => { await rm(dir, { recursive: true, force: true }); });

describe('kmsTrustedCAs', () => {
  it('a CA path file or directory replaces the trusted CAs', async () => {
    assert.deepEqual((await kmsTrustedCAs({ caPath: join(dir, 'one.pem'), certsCaDir: join(dir, 'CAs') }, 'V')).map(String), [PEM(3)]);
    assert.deepEqual((await kmsTrustedCAs({ caPath: join(dir, 'CAs'), certsCaDir: '/nowhere' }, 'V')).map(String), [PEM(1), PEM(2)]);
  });
  it('without one: the system CAs plus CAIRN_CERTS_DIR/CAs (absent: the system CAs)', async () => {
    const cas = await kmsTrustedCAs({ certsCaDir: join(dir, 'CAs') }, 'V');
    assert.equal(cas.length, rootCertificates.length + 2);
    assert.deepEqual(cas.slice(-2).map(String), [PEM(1), PEM(2)]);
    assert.equal((await kmsTrustedCAs({ certsCaDir: join(dir, 'absent') }, 'V')).length, rootCertificates.length);
  });
  it('an unreadable path or a directory without certificates fails the start, naming the variable', async () => {
    await assert.rejects(kmsTrustedCAs({ caPath: join(dir, 'absent.pem'), certsCaDir: '' }, 'CAIRN_KMS_VAULT_CAPATH'),
      (e: unknown) => e instanceof KmsConfigError && /^CAIRN_KMS_VAULT_CAPATH: cannot read .*absent\.pem/.test(e.message));
    await assert.rejects(kmsTrustedCAs({ caPath: join(dir, 'empty'), certsCaDir: '' }, 'CAIRN_KMS_KES_CAPATH'),
      (e: unknown) => e instanceof KmsConfigError && /holds no \*\.crt, \*\.pem or \*\.cer file/.test(e.message));
  });
});
