import { it } from 'node:test';
import assert from 'node:assert/strict';
import { KmsConfigError } from '../errors/domain-errors.js';
import { parseMasterKey } from './kms-secret-key.js';

const KEY32 = Buffer.alloc(32, 0xab);
const B64 = KEY32.toString('base64');

it('NAME:BASE64KEY gives the name and the 32 key bytes', () => {
  const k = parseMasterKey(`my-key:${B64}`);
  assert.equal(k.name, 'my-key');
  assert.ok(k.key.equals(KEY32));
  assert.equal(parseMasterKey(`  a.b_C-9:${B64}\n`).name, 'a.b_C-9', 'surrounding whitespace (a file\'s newline) is ignored');
});

it('each malformed value is refused with its exact message, never echoing the key', () => {
  const cases: Array<[string, string]> = [
    [B64, 'CAIRN_KMS_SECRET_KEY: expected NAME:BASE64KEY (a key name, a colon, a base64 32-byte key)'],
    [`:${B64}`, "CAIRN_KMS_SECRET_KEY: the key name before ':' is empty"],
    [`-x:${B64}`, 'CAIRN_KMS_SECRET_KEY: key name "-x" must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit'],
    [`my key:${B64}`, 'CAIRN_KMS_SECRET_KEY: key name "my key" must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit'],
    [`${'k'.repeat(129)}:${B64}`, `CAIRN_KMS_SECRET_KEY: key name "${'k'.repeat(129)}" must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit`],
    ['k:', "CAIRN_KMS_SECRET_KEY: the key of k after ':' is empty"],
    ['k:not base64!', 'CAIRN_KMS_SECRET_KEY: the key of k is not valid base64'],
    [`k:${B64.slice(0, -1)}`, 'CAIRN_KMS_SECRET_KEY: the key of k is not valid base64'],
    [`k:${Buffer.alloc(32, 0xff).toString('base64url')}=`, 'CAIRN_KMS_SECRET_KEY: the key of k is not valid base64'],
    [`k:${Buffer.alloc(16).toString('base64')}`, 'CAIRN_KMS_SECRET_KEY: the key of k must decode to 32 bytes, got 16'],
    [`k:${Buffer.alloc(33).toString('base64')}`, 'CAIRN_KMS_SECRET_KEY: the key of k must decode to 32 bytes, got 33'],
    [`k:${B64}:extra`, 'CAIRN_KMS_SECRET_KEY: the key of k is not valid base64'],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => parseMasterKey(value), (e: unknown) => {
      assert.ok(e instanceof KmsConfigError, `${value}: a KmsConfigError`);
      assert.equal(e.message, message);
      assert.ok(!e.message.includes(B64), 'the key is not in the message');
      return true;
    });
  }
});

it('the source named in messages can be another variable', () => {
  assert.throws(() => parseMasterKey('x'), /^KmsConfigError: CAIRN_KMS_SECRET_KEY:/);
  assert.throws(() => parseMasterKey('x', 'CAIRN_KMS_SECRET_KEY_FILE'), /CAIRN_KMS_SECRET_KEY_FILE: expected NAME:BASE64KEY/);
});
