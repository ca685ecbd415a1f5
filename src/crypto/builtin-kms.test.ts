import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CorruptRecordError, DecryptionFailedError, KmsConfigError, KmsKeyNotFoundError } from '../errors/domain-errors.js';
import { BUILTIN_CIPHERTEXT_BYTES, BuiltinKms } from './builtin-kms.js';
import { objectContext } from './encryption-context.js';
import type { Kms } from './kms.js';
import { newObjectKey, sealObjectKey, unsealObjectKey } from './sealed-object-key.js';

const context = objectContext({ bucket: 'b', key: 'k', account: 'a1' });

describe('built-in KMS', () => {
  const kA = randomBytes(32);
  const kms: Kms = new BuiltinKms({ keys: [{ name: 'key-b', key: randomBytes(32) }, { name: 'key-a', key: kA }] });

  it('generates a 32-byte data key that decrypts back under the same key and context', async () => {
    const dk = await kms.generateDataKey('key-a', context);
    assert.equal(dk.keyId, 'key-a');
    assert.equal(dk.plaintext.length, 32);
    assert.equal(dk.ciphertext.length, BUILTIN_CIPHERTEXT_BYTES);
    assert.equal(dk.ciphertext[0], 1, 'format version 1');
    assert.equal(dk.ciphertext.indexOf(dk.plaintext), -1, 'the data key is not in its ciphertext');
    assert.ok((await kms.decrypt('key-a', dk.ciphertext, context)).equals(dk.plaintext));
    const again = await kms.generateDataKey('key-a', context);
    assert.ok(!again.plaintext.equals(dk.plaintext) && !again.ciphertext.equals(dk.ciphertext), 'a fresh key each time');
  });

  it('another context, another master key, another key name or a changed byte fails', async () => {
    const dk = await kms.generateDataKey('key-a', context);
    for (const other of [{ ...context, account: 'a2' }, { ...context, bucket: 'c' }, { ...context, key: 'k2' }, {}, { ...context, extra: 'x' }]) {
      await assert.rejects(kms.decrypt('key-a', dk.ciphertext, other), DecryptionFailedError, JSON.stringify(other));
    }
    await assert.rejects(kms.decrypt('key-b', dk.ciphertext, context), DecryptionFailedError);
    // The same master key bytes under another name: the name is authenticated too.
    const renamed = new BuiltinKms({ keys: [{ name: 'key-z', key: kA }] });
    await assert.rejects(renamed.decrypt('key-z', dk.ciphertext, context), DecryptionFailedError);
    const sameKey = new BuiltinKms({ keys: [{ name: 'key-a', key: Buffer.from(kA) }] });
    assert.ok((await sameKey.decrypt('key-a', dk.ciphertext, context)).equals(dk.plaintext), 'the same key and name in a new process decrypts');
    for (let i = 1; i < dk.ciphertext.length; i++) {
      const bad = Buffer.from(dk.ciphertext);
      bad[i]! ^= 0x04;
      await assert.rejects(kms.decrypt('key-a', bad, context), DecryptionFailedError, `byte ${i}`);
    }
  });

  it('unknown version or length is a corrupt record; an unknown key is KmsKeyNotFoundError', async () => {
    const dk = await kms.generateDataKey('key-a', context);
    const v2 = Buffer.from(dk.ciphertext);
    v2[0] = 2;
    await assert.rejects(kms.decrypt('key-a', v2, context), CorruptRecordError);
    await assert.rejects(kms.decrypt('key-a', dk.ciphertext.subarray(1), context), CorruptRecordError);
    await assert.rejects(kms.generateDataKey('nope', context), (e: unknown) => e instanceof KmsKeyNotFoundError && e.keyId === 'nope');
    await assert.rejects(kms.decrypt('nope', dk.ciphertext, context), KmsKeyNotFoundError);
    await assert.rejects(kms.keyStatus('nope'), KmsKeyNotFoundError);
  });

  it('keyStatus round-trips a data key; listKeys is sorted', async () => {
    assert.deepEqual(await kms.keyStatus('key-b'), { keyId: 'key-b', encryptionOk: true, decryptionOk: true });
    assert.deepEqual(await kms.listKeys(), ['key-a', 'key-b']);
  });

  it('from CAIRN_KMS_SECRET_KEY; duplicate names and bad lengths are refused', async () => {
    const kms1 = BuiltinKms.fromSecretKey(`main:${randomBytes(32).toString('base64')}`);
    assert.deepEqual(await kms1.listKeys(), ['main']);
    assert.throws(() => BuiltinKms.fromSecretKey('main'), KmsConfigError);
    assert.throws(() => new BuiltinKms({ keys: [{ name: 'x', key: randomBytes(32) }, { name: 'x', key: randomBytes(32) }] }),
      (e: unknown) => e instanceof KmsConfigError && e.message === 'KMS key x is given twice');
    assert.throws(() => new BuiltinKms({ keys: [{ name: 'x', key: randomBytes(16) }] }),
      (e: unknown) => e instanceof KmsConfigError && e.message === 'KMS key x must be 32 bytes, got 16');
  });

  it('the whole key chain: KMS data key seals the object key, which only the same account/bucket/key unseals', async () => {
    const dk = await kms.generateDataKey('key-a', context);
    const objectKey = newObjectKey();
    const obj = { bucket: 'b', key: 'k', account: 'a1' };
    const sealed = sealObjectKey({ objectKey, dataKey: dk.plaintext, context: obj, cipher: 'chacha20-poly1305' });
    // Later, from the stored ciphertexts only:
    const dataKey = await kms.decrypt('key-a', dk.ciphertext, objectContext(obj));
    assert.ok(unsealObjectKey({ sealed, dataKey, context: obj }).equals(objectKey));
    // Another account presenting the same stored ciphertexts gets nothing.
    const other = { ...obj, account: 'a2' };
    await assert.rejects(kms.decrypt('key-a', dk.ciphertext, objectContext(other)), DecryptionFailedError);
    assert.throws(() => unsealObjectKey({ sealed, dataKey, context: other }), DecryptionFailedError);
  });
});
