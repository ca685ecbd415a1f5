import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import {
  BUF_SIZE, MadminDecryptError, argon2Key, decryptData, encryptData, encryptDataArgon2, sioDecrypt, sioEncrypt, type SioAlgorithm,
} from './madmin-encrypt.js';

/** Test vectors of secure-io/sio-go (test_vectors.json): the stream format madmin's EncryptData writes. */
const SIO_VECTORS: Array<{ alg: SioAlgorithm; buf: number; key: string; nonce: string; ad: string; plain: string; cipher: string }> = [
  { alg: 'aes-128-gcm', buf: 16, key: '00000000000000000000000000000000', nonce: '0000000000000000', ad: '', plain: '', cipher: 'e0247a864e783cecb1f7996c13cd3f64' },
  { alg: 'aes-128-gcm', buf: 16, key: '10000000000000000000000000000000', nonce: '1000000000000000', ad: '00', plain: '00', cipher: '61ed193d12a2adf6f1c41f31de4ead6c5c' },
  {
    alg: 'aes-128-gcm', buf: 16, key: '0a7a6d49e4ad042f1e1ffa168849d651', nonce: '4a9ba500be169ab3', ad: 'd40703848d887a01664c30734fa370581c5f8f6d0ea7bfdd',
    plain: '424d6d60d7e08b3b41e968fc4557b93c', cipher: 'aa4b4ca42d587b98d0d5f009c0efbc4fcaaefdc1c79a3cfe07801ed8c708d259',
  },
  {
    alg: 'aes-128-gcm', buf: 16, key: '10000000000000000000000000000000', nonce: '0000000000000002', ad: '', plain: '00'.repeat(17),
    cipher: '691deb7b9ccbee91f48d12c7ad5fe3cd4e1e5e7d394f06b91228ec9a5dd2456ac7de9502a0b4010fb1ee1db94e940458fb',
  },
  {
    alg: 'aes-128-gcm', buf: 16, key: '20000000000000000000000000000000', nonce: '2000000000000000', ad: '00', plain: '00'.repeat(32),
    cipher: 'f58d8fef7ac7782a4361a79c07f5e6c4672d8a45e6cb9ef67cb7177897358deb8d338d313d44f78e0b68a3723d7ca0fe5f62aa8af0a72e508f5d5f8491ecedb2',
  },
  {
    alg: 'aes-128-gcm', buf: 16, key: '000102030405060708090a0b0c0d0e0f', nonce: '0001020304050607', ad: '0102030405060708090a0b0c0d0e0f10', plain: '00'.repeat(32),
    cipher: 'beffe57efbdadb693b5545d58454ba746c5362c6f37b65da457d85bfe6af8972cfea267b03f14aedf25e7501e88c0d79f5440d0ac49e5c4fdaab4dfac9aec4d3',
  },
  {
    alg: 'aes-128-gcm', buf: 17, key: '31dd758d120fd5d30063921a21f723be', nonce: 'd3794fe387018e32',
    ad: '1d838b6e861ea7576de110e08818de82a27337a99db7b95aa95c3347971ad4cfa0ef0960d6645f5a64f88c7d',
    plain: 'd0ae0d85e93ed6be853ded2031643116a03215b4fda224d2986d7233039aa47e91b686f4',
    cipher: 'a6fe911b94e0b25a25bf6da71f28ad6a6b6920be01589e9194226f77c164606545d5cbdb76c99415b468c54517f5a8bc8dc8ac13b1b4285fe36f37f7884d5e4bfb32ecef56b4026bf02bfb1d4fce222e01ef9db9',
  },
];

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('sio stream (secure-io/sio-go) as madmin uses it', () => {
  it('matches every AES-GCM test vector of sio-go, both ways', () => {
    for (const v of SIO_VECTORS) {
      const p = { alg: v.alg, key: hex(v.key), nonce: hex(v.nonce), associatedData: hex(v.ad), bufSize: v.buf };
      assert.equal(sioEncrypt(p, hex(v.plain)).toString('hex'), v.cipher, `encrypt ${v.key}/${v.nonce}/${v.plain.length / 2} bytes`);
      assert.equal(sioDecrypt(p, hex(v.cipher)).toString('hex'), v.plain);
    }
  });

  it('refuses a changed, cut or reordered stream', () => {
    const p = { alg: 'chacha20-poly1305' as const, key: Buffer.alloc(32, 7), nonce: Buffer.alloc(8, 1), bufSize: 16 };
    const sealed = sioEncrypt(p, Buffer.alloc(40, 9));
    assert.deepEqual(sioDecrypt(p, sealed), Buffer.alloc(40, 9));
    const flipped = Buffer.from(sealed);
    flipped[3]! ^= 1;
    assert.throws(() => sioDecrypt(p, flipped), MadminDecryptError);
    assert.throws(() => sioDecrypt(p, sealed.subarray(0, 64)), MadminDecryptError); // the final fragment dropped
    assert.throws(() => sioDecrypt(p, Buffer.concat([sealed.subarray(32, 64), sealed.subarray(0, 32), sealed.subarray(64)])), MadminDecryptError);
  });
});

describe('madmin EncryptData / DecryptData (id 0x02: PBKDF2-SHA256 + AES-256-GCM)', () => {
  it('lays out salt | 0x02 | nonce | sio stream with the key PBKDF2(secret, salt, 8192, 32)', () => {
    const salt = Buffer.alloc(32, 0xab);
    const nonce = hex('0102030405060708');
    const data = Buffer.from('{"alice":{"status":"enabled"}}');
    const out = encryptData('secret-key-1', data, { salt, nonce });
    assert.deepEqual(out.subarray(0, 32), salt);
    assert.equal(out[32], 0x02);
    assert.deepEqual(out.subarray(33, 41), nonce);
    assert.equal(out.length, 41 + data.length + 16);
    // One final fragment (flag 0x80) under sequence number 1, sealed as sio-go does.
    const key = pbkdf2Sync('secret-key-1', salt, 8192, 32, 'sha256');
    const tag0 = (() => {
      const c = createCipheriv('aes-256-gcm', key, Buffer.concat([nonce, hex('00000000')]));
      c.final();
      return c.getAuthTag();
    })();
    const c = createCipheriv('aes-256-gcm', key, Buffer.concat([nonce, hex('01000000')]));
    c.setAAD(Buffer.concat([Buffer.from([0x80]), tag0]));
    const expected = Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
    assert.deepEqual(out.subarray(41), expected);
  });

  it('round-trips bodies of every size around the 16 KiB fragment and refuses a wrong secret', () => {
    for (const size of [0, 1, BUF_SIZE - 1, BUF_SIZE, BUF_SIZE + 1, 3 * BUF_SIZE]) {
      const data = Buffer.alloc(size, size % 251);
      assert.deepEqual(decryptData('pw', encryptData('pw', data)), data, `size ${size}`);
    }
    assert.throws(() => decryptData('other', encryptData('pw', Buffer.from('x'))), MadminDecryptError);
    assert.throws(() => decryptData('pw', Buffer.alloc(20)), /unexpected header/);
  });

  it('decrypts what a non-FIPS madmin client sends (Argon2id key, ids 0x00 and 0x01) and refuses unknown ids', () => {
    const salt = Buffer.alloc(32, 5);
    const nonce = Buffer.alloc(8, 6);
    for (const alg of ['aes-256-gcm', 'chacha20-poly1305'] as const) {
      const body = encryptDataArgon2('pw', Buffer.from('{"secretKey":"s"}'), alg, { salt, nonce });
      assert.equal(body[32], alg === 'aes-256-gcm' ? 0x00 : 0x01);
      assert.equal(decryptData('pw', body).toString(), '{"secretKey":"s"}');
      // The stream under the key Argon2id(pw, salt, t=1, m=64 MiB, p=4) as sio-go seals it.
      assert.deepEqual(body.subarray(41), sioEncrypt({ alg, key: argon2Key('pw', salt), nonce }, Buffer.from('{"secretKey":"s"}')));
    }
    const b = Buffer.from(encryptData('pw', Buffer.from('x')));
    b[32] = 7;
    assert.throws(() => decryptData('pw', b), /invalid encryption algorithm ID/);
  });
});
