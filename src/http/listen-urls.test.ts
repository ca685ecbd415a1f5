import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NetworkInterfaceInfo } from 'node:os';
import { listenUrls } from './listen-urls.js';

const iface = (address: string, family: 'IPv4' | 'IPv6'): NetworkInterfaceInfo => (family === 'IPv4'
  ? { address, family, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', internal: false, cidr: null }
  : { address, family, netmask: 'ffff::', mac: '00:00:00:00:00:00', internal: false, cidr: null, scopeid: 0 });

const HOST = {
  lo: [iface('127.0.0.1', 'IPv4'), iface('::1', 'IPv6')],
  eth0: [iface('10.1.2.3', 'IPv4'), iface('fe80::1', 'IPv6'), iface('2001:db8::5', 'IPv6')],
};

test('a dual-stack wildcard bind lists 127.0.0.1 first, then the host addresses, IPv6 bracketed, no link-local', () => {
  assert.deepEqual(listenUrls({ address: '::', family: 'IPv6', port: 9000 }, HOST), [
    'http://127.0.0.1:9000', 'http://10.1.2.3:9000', 'http://[::1]:9000', 'http://[2001:db8::5]:9000',
  ]);
});

test('an IPv4 wildcard bind lists IPv4 addresses only, loopback first', () => {
  assert.deepEqual(listenUrls({ address: '0.0.0.0', family: 'IPv4', port: 80 }, HOST), ['http://127.0.0.1:80', 'http://10.1.2.3:80']);
});

test('a specific bind is listed alone', () => {
  assert.deepEqual(listenUrls({ address: '127.0.0.1', family: 'IPv4', port: 1 }, HOST), ['http://127.0.0.1:1']);
  assert.deepEqual(listenUrls({ address: '::1', family: 'IPv6', port: 2 }, HOST), ['http://[::1]:2']);
});
