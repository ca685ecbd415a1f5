import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeFilterValue, fillFilter, normalizeDn } from './ldap-filter.js';

test('ldap filter: %s / %d filled with RFC 4515 escaping', () => {
  assert.equal(escapeFilterValue('a*b(c)d\\e\0'), 'a\\2ab\\28c\\29d\\5ce\\00');
  assert.equal(fillFilter('(uid=%s)', { username: 'alice' }), '(uid=alice)');
  assert.equal(fillFilter('(uid=%s)', { username: '*)(uid=*' }), '(uid=\\2a\\29\\28uid=\\2a)');
  assert.equal(fillFilter('(&(member=%d)(x=%s))', { username: 'a', userDn: 'uid=a,ou=p' }), '(&(member=uid=a,ou=p)(x=a))');
  assert.equal(normalizeDn('UID=alice, OU=People,dc=example'), 'uid=alice,ou=People,dc=example');
});
