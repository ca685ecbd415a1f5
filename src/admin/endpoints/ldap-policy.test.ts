import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminError } from '../admin-error.js';
import { routeAdmin } from '../admin-router.js';
import { decryptData, encryptData } from '../../crypto/madmin-encrypt.js';
import type { AdminBackend } from '../admin-backend.js';
import type { LdapPolicyAdmin, PolicyAssociationRequest } from '../ldap-policy-admin.js';
import { ldapPolicyAttach, parseAssociation } from './ldap-policy.js';

function code(f: () => unknown): string {
  try { f(); } catch (err) { assert.ok(err instanceof AdminError, String(err)); return `${err.status} ${err.code}: ${err.message}`; }
  assert.fail('accepted');
}

describe('LDAP policy endpoints', () => {
  it('routes MinIO\'s idp/ldap paths; policy-entities takes repeatable user/group/policy', () => {
    const q = (s: string): URLSearchParams => new URLSearchParams(s);
    assert.deepEqual(routeAdmin({ method: 'POST', rawPath: '/minio/admin/v3/idp/ldap/policy/attach', query: q('') }),
      { op: 'LdapPolicyAttach', action: 'admin:UpdatePolicyAssociation', readsBody: true });
    assert.equal(routeAdmin({ method: 'POST', rawPath: '/minio/admin/v3/idp/ldap/policy/detach', query: q('') }).op, 'LdapPolicyDetach');
    assert.deepEqual(routeAdmin({ method: 'GET', rawPath: '/minio/admin/v3/idp/ldap/policy-entities', query: q('user=a&user=b&policy=p') }), {
      op: 'LdapPolicyEntities', action: 'admin:ListUserPolicies', readsBody: false, entities: { users: ['a', 'b'], groups: [], policies: ['p'] },
    });
    assert.match(code(() => routeAdmin({ method: 'GET', rawPath: '/minio/admin/v3/idp/ldap/policy/attach', query: q('') })), /^405 MethodNotAllowed/);
  });

  it('reads madmin.PolicyAssociationReq: policies, exactly one of user / group, a DN', () => {
    assert.deepEqual(parseAssociation('{"policies":["readonly"," p2 "],"user":"uid=bob,dc=x"}'), { policies: ['readonly', 'p2'], user: 'uid=bob,dc=x' });
    assert.deepEqual(parseAssociation('{"policies":["p"],"group":"cn=g,dc=x","user":""}'), { policies: ['p'], group: 'cn=g,dc=x' });
    assert.match(code(() => parseAssociation('nope')), /^400 XMinioRequestBodyParse/);
    assert.match(code(() => parseAssociation('{"policies":[],"user":"uid=a"}')), /^400 XMinioAdminInvalidArgument: policies must be a non-empty list/);
    assert.match(code(() => parseAssociation('{"policies":["p"]}')), /Exactly one of user or group/);
    assert.match(code(() => parseAssociation('{"policies":["p"],"user":"uid=a","group":"cn=g"}')), /Exactly one of user or group/);
    assert.match(code(() => parseAssociation('{"policies":["p"],"user":"bob"}')), /"bob" is not an LDAP DN/);
  });

  /** ldapPolicyAttach over an LDAP admin that records what it was asked, with bodies sealed by `secret`. */
  function attacher(secret: string): { seen: PolicyAssociationRequest[]; call: (raw: Buffer) => ReturnType<typeof ldapPolicyAttach> } {
    const seen: PolicyAssociationRequest[] = [];
    const ldap: LdapPolicyAdmin = {
      attach: async (req) => { seen.push(req); return { changed: req.policies, updatedAt: '2026-12-02T00:00:00Z' }; },
      detach: async () => { throw new Error('not called'); },
      entities: () => { throw new Error('not called'); },
    };
    const route = { op: 'LdapPolicyAttach' as const, action: 'admin:UpdatePolicyAssociation', readsBody: true };
    const call = (raw: Buffer) => ldapPolicyAttach({
      route, body: raw.toString('utf8'), rawBody: raw, host: 'h', clientAddress: '127.0.0.1', decrypt: async (b) => decryptData(secret, b),
    }, {} as AdminBackend, undefined, undefined, ldap);
    return { seen, call };
  }

  it('attach takes the body plain (cairn admin) or madmin-encrypted with the signer\'s secret (mc)', async () => {
    const secret = 'signer-secret-key-0001';
    const { seen, call } = attacher(secret);
    const json = '{"policies":["readonly"],"group":"cn=writers,ou=groups,dc=example,dc=org"}';
    const plain = await call(Buffer.from(json));
    const sealed = await call(encryptData(secret, Buffer.from(json)));
    assert.deepEqual(plain, sealed);
    assert.deepEqual(seen, [
      { policies: ['readonly'], group: 'cn=writers,ou=groups,dc=example,dc=org' },
      { policies: ['readonly'], group: 'cn=writers,ou=groups,dc=example,dc=org' },
    ]);
    await assert.rejects(async () => call(encryptData('another-secret', Buffer.from(json))));
  });

  it('a sealed body whose random salt starts with "{" or white space is still decrypted', async () => {
    const secret = 'signer-secret-key-0002';
    const { seen, call } = attacher(secret);
    const json = '{"policies":["readonly"],"user":"uid=bob,dc=example,dc=org"}';
    for (const lead of ['{', ' {', '\n{"']) {
      const salt = Buffer.concat([Buffer.from(lead, 'latin1'), Buffer.alloc(32 - lead.length, 0x41)]);
      const sealed = encryptData(secret, Buffer.from(json), { salt, nonce: Buffer.alloc(8, 7) });
      assert.equal(sealed.subarray(0, lead.length).toString('latin1'), lead);
      await call(sealed);
    }
    assert.equal(seen.length, 3);
    assert.ok(seen.every((r) => r.user === 'uid=bob,dc=example,dc=org'));
  });
});
