import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error.js';
import { loadIdentityConfig } from './identity-config.js';

test('identity config: OpenID providers with suffixes, defaults, LDAP URL forms', () => {
  const c = loadIdentityConfig({
    CAIRN_IDENTITY_OPENID_CONFIG_URL: 'https://idp.example.com/.well-known/openid-configuration',
    CAIRN_IDENTITY_OPENID_CLIENT_ID: 'cairn',
    CAIRN_IDENTITY_OPENID_CONFIG_URL_K8S: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC/.well-known/openid-configuration',
    CAIRN_IDENTITY_OPENID_CLIENT_ID_K8S: 'sts.amazonaws.com',
    CAIRN_IDENTITY_OPENID_CLAIM_NAME_K8S: 'groups',
    CAIRN_IDENTITY_OPENID_ROLE_POLICY_K8S: 'readonly, writeonly',
    CAIRN_IDENTITY_OPENID_SCOPES_K8S: 'openid,email',
    CAIRN_IDENTITY_LDAP_SERVER_ADDR: 'ldap.example.com:636',
    CAIRN_IDENTITY_LDAP_LOOKUP_BIND_DN: 'cn=ro,dc=example,dc=com',
    CAIRN_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: 'pw',
    CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: 'ou=people,dc=example,dc=com',
    CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=%s)',
  });
  assert.deepEqual(c.openid.map((p) => [p.name, p.clientId, p.claimName, p.rolePolicies, p.scopes]), [
    ['default', 'cairn', 'policy', undefined, ['openid']],
    ['k8s', 'sts.amazonaws.com', 'groups', ['readonly', 'writeonly'], ['openid', 'email']],
  ]);
  assert.equal(c.ldap?.url, 'ldaps://ldap.example.com:636');
  assert.equal(c.ldap?.groupSearchBaseDn, undefined);
  const ldap = (extra: Record<string, string>): string | undefined => loadIdentityConfig({
    CAIRN_IDENTITY_LDAP_LOOKUP_BIND_DN: 'a', CAIRN_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: 'b', CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: 'c',
    CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=%s)', ...extra,
  }).ldap?.url;
  assert.equal(ldap({ CAIRN_IDENTITY_LDAP_SERVER_ADDR: 'ldap.example.com', CAIRN_IDENTITY_LDAP_SERVER_STARTTLS: 'on' }), 'ldap://ldap.example.com:389');
  assert.equal(ldap({ CAIRN_IDENTITY_LDAP_SERVER_ADDR: 'h:10389', CAIRN_IDENTITY_LDAP_SERVER_INSECURE: 'on' }), 'ldap://h:10389');
  assert.equal(ldap({ CAIRN_IDENTITY_LDAP_SERVER_ADDR: 'ldaps://h' }), 'ldaps://h');
  assert.equal(loadIdentityConfig({}).ldap, undefined);
  assert.deepEqual(loadIdentityConfig({}).openid, []);
});

test('identity config: clear errors', () => {
  assert.throws(() => loadIdentityConfig({ CAIRN_IDENTITY_OPENID_CONFIG_URL: 'https://x/.well-known/openid-configuration' }), (e: unknown) => e instanceof ConfigError && /CAIRN_IDENTITY_OPENID_CLIENT_ID must be set/.test(e.message));
  assert.throws(() => loadIdentityConfig({ CAIRN_IDENTITY_OPENID_CONFIG_URL: 'not a url', CAIRN_IDENTITY_OPENID_CLIENT_ID: 'c' }), /not a URL/);
  assert.throws(() => loadIdentityConfig({ CAIRN_IDENTITY_LDAP_SERVER_ADDR: 'h:1' }), /CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER must be set/);
  const base = { CAIRN_IDENTITY_LDAP_SERVER_ADDR: 'h:1', CAIRN_IDENTITY_LDAP_LOOKUP_BIND_DN: 'a', CAIRN_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: 'b', CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: 'c' };
  assert.throws(() => loadIdentityConfig({ ...base, CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=alice)' }), /must contain %s/);
  assert.throws(() => loadIdentityConfig({ ...base, CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=%s)', CAIRN_IDENTITY_LDAP_GROUP_SEARCH_BASE_DN: 'g' }), /must be set together/);
  assert.throws(() => loadIdentityConfig({ ...base, CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=%s)', CAIRN_IDENTITY_LDAP_TLS_SKIP_VERIFY: 'maybe' }), /expected on or off/);
});
