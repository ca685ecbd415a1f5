import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CorruptRecordError, DecryptionFailedError } from '../errors/domain-errors.js';
import { canonicalContext, objectContext } from './encryption-context.js';
import { SSE_CIPHERS } from './cipher-suite.js';
import { newObjectKey, SEALED_OBJECT_KEY_BYTES, sealedKeyCipher, sealObjectKey, unsealObjectKey } from './sealed-object-key.js';

const context = { bucket: 'photos', key: '2024/a.jpg', account: 'acct-1' };

describe('canonical context', () => {
  it('keys sorted, no whitespace, JSON escapes; the same for any field order', () => {
    assert.equal(canonicalContext(objectContext(context)), '{"account":"acct-1","bucket":"photos","key":"2024/a.jpg"}');
    assert.equal(canonicalContext({ key: 'k', bucket: 'b', account: 'a' }), canonicalContext({ account: 'a', bucket: 'b', key: 'k' }));
    assert.equal(canonicalContext({ key: 'a"b\\c\n\u00e9' }), '{"key":"a\\"b\\\\c\\n\u00e9"}');
    assert.equal(canonicalContext({}), '{}');
  });
  it('field boundaries cannot be shifted: a quote inside a value is escaped', () => {
    const a = canonicalContext(objectContext({ bucket: 'b', key: 'k","account":"x', account: 'y' }));
    const b = canonicalContext(objectContext({ bucket: 'b', key: 'k', account: 'x' }));
    assert.notEqual(a, b);
  });
});

for (const cipher of SSE_CIPHERS) {
  describe(`object key sealing with ${cipher}`, () => {
    const dataKey = randomBytes(32);
    const objectKey = newObjectKey();
    const sealed = sealObjectKey({ objectKey, dataKey, context, cipher });

    it('unseals with the same data key and context; records its cipher', () => {
      assert.equal(sealed.length, SEALED_OBJECT_KEY_BYTES);
      assert.equal(sealedKeyCipher(sealed), cipher);
      assert.ok(unsealObjectKey({ sealed, dataKey, context }).equals(objectKey));
    });

    it('two sealings of one key differ (random seal IV)', () => {
      assert.ok(!sealObjectKey({ objectKey, dataKey, context, cipher }).equals(sealed));
    });

    it('another bucket, key, account or data key fails with DecryptionFailedError', () => {
      const others = [
        { ...context, bucket: 'photos2' }, { ...context, key: '2024/b.jpg' }, { ...context, account: 'acct-2' },
        { ...context, key: '2024/a.jpg ' }, { bucket: context.key, key: context.bucket, account: context.account },
      ];
      for (const other of others) {
        assert.throws(() => unsealObjectKey({ sealed, dataKey, context: other }), DecryptionFailedError, JSON.stringify(other));
      }
      assert.throws(() => unsealObjectKey({ sealed, dataKey: randomBytes(32), context }), DecryptionFailedError);
    });

    it('every changed byte fails: version/cipher as a corrupt record or a failed unseal, the rest as a failed unseal', () => {
      for (let i = 0; i < sealed.length; i++) {
        const bad = Buffer.from(sealed);
        bad[i]! ^= 0x01;
        assert.throws(() => unsealObjectKey({ sealed: bad, dataKey, context }),
          (e: unknown) => e instanceof DecryptionFailedError || (i < 2 && e instanceof CorruptRecordError), `byte ${i}`);
      }
    });
  });
}

it('the cipher id is authenticated: relabelling a sealed key with the other cipher fails', () => {
  const dataKey = randomBytes(32);
  const sealed = sealObjectKey({ objectKey: newObjectKey(), dataKey, context, cipher: 'aes-256-gcm' });
  const relabelled = Buffer.from(sealed);
  relabelled[1] = 2;
  assert.equal(sealedKeyCipher(relabelled), 'chacha20-poly1305');
  assert.throws(() => unsealObjectKey({ sealed: relabelled, dataKey, context }), DecryptionFailedError);
});

it('unknown version, unknown cipher id or wrong length is a corrupt record', () => {
  const sealed = sealObjectKey({ objectKey: newObjectKey(), dataKey: randomBytes(32), context, cipher: 'aes-256-gcm' });
  const v2 = Buffer.from(sealed);
  v2[0] = 2;
  assert.throws(() => sealedKeyCipher(v2), (e: unknown) => e instanceof CorruptRecordError && /version 2 is unknown/.test(e.message));
  const c9 = Buffer.from(sealed);
  c9[1] = 9;
  assert.throws(() => sealedKeyCipher(c9), (e: unknown) => e instanceof CorruptRecordError && /cipher id 9 is unknown/.test(e.message));
  assert.throws(() => sealedKeyCipher(sealed.subarray(1)), CorruptRecordError);
  assert.throws(() => sealedKeyCipher(Buffer.concat([sealed, Buffer.alloc(1)])), CorruptRecordError);
});

it('keys of the wrong length are refused before any sealing', () => {
  assert.throws(() => sealObjectKey({ objectKey: randomBytes(16), dataKey: randomBytes(32), context, cipher: 'aes-256-gcm' }), RangeError);
  assert.throws(() => sealObjectKey({ objectKey: randomBytes(32), dataKey: randomBytes(31), context, cipher: 'aes-256-gcm' }), RangeError);
});
