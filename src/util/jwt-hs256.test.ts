import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt-hs256.js';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('JWT HS256', () => {
  it('verifies what it signed and returns the claims', () => {
    const t = signJwt({ sub: 'root', exp: 123 }, 'secret-1');
    assert.equal(t.split('.').length, 3);
    assert.deepEqual(verifyJwt(t, 'secret-1'), { sub: 'root', exp: 123 });
  });

  it('matches an independent HS256 signature (RFC 7515 signing input)', () => {
    const t = signJwt({ a: 1 }, 'k');
    const [h, p, s] = t.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(h!, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    assert.equal(s, createHmac('sha256', 'k').update(`${h}.${p}`).digest('base64url'));
  });

  it('refuses another secret, an edited payload, alg none and garbage', () => {
    const t = signJwt({ sub: 'root' }, 'secret-1');
    assert.equal(verifyJwt(t, 'secret-2'), undefined);
    const [h, , s] = t.split('.');
    assert.equal(verifyJwt(`${h}.${b64({ sub: 'other' })}.${s}`, 'secret-1'), undefined);
    assert.equal(verifyJwt(`${b64({ alg: 'none' })}.${b64({ sub: 'root' })}.`, 'secret-1'), undefined);
    for (const bad of ['', 'a.b', 'a.b.c.d', '!!.??.**']) assert.equal(verifyJwt(bad, 'secret-1'), undefined);
  });
});
