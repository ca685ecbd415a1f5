import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, parseCidr, parseIp } from './ip-address.js';

test('ip: IPv4 and IPv6 forms parse, malformed ones do not', () => {
  assert.deepEqual([...parseIp('192.0.2.1')!], [192, 0, 2, 1]);
  assert.equal(parseIp('::1')!.length, 16);
  assert.equal(parseIp('2001:db8::')!.length, 16);
  assert.equal(parseIp('1:2:3:4:5:6:7:8')!.length, 16);
  assert.deepEqual([...parseIp('::ffff:10.1.2.3')!], [10, 1, 2, 3]);
  assert.equal(parseIp('64:ff9b::192.0.2.1')!.length, 16);
  for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01234::', '1::2::3', '1:2:3:4:5:6:7:8:9', ':::', 'x', '', '1:2:3:4:5:6:7::8:9']) {
    assert.equal(parseIp(bad), undefined, bad);
  }
});

test('ip: CIDR containment', () => {
  const has = (cidr: string, ip: string): boolean => cidrContains(parseCidr(cidr)!, parseIp(ip)!);
  assert.equal(has('10.0.0.0/8', '10.255.0.1'), true);
  assert.equal(has('10.0.0.0/8', '11.0.0.1'), false);
  assert.equal(has('192.0.2.128/25', '192.0.2.127'), false);
  assert.equal(has('192.0.2.128/25', '192.0.2.200'), true);
  assert.equal(has('2001:db8::/32', '2001:db8:ffff::1'), true);
  assert.equal(has('2001:db8::/33', '2001:db8:8000::1'), false);
  assert.equal(has('0.0.0.0/0', '1.2.3.4'), true);
  assert.equal(has('::/0', '1.2.3.4'), false);
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  assert.equal(parseCidr('::/129'), undefined);
  assert.equal(parseCidr('10.0.0.0/x'), undefined);
});
