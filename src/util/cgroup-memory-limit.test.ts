import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryLimitBytes, type CgroupSource } from './cgroup-memory-limit.js';

const GiB = 1024 ** 3;
const source = (selfCgroup: string | undefined, files: Record<string, string>, totalBytes = 24 * GiB): CgroupSource => ({
  selfCgroup, totalBytes, read: (rel) => files[rel],
});

test('memoryLimitBytes: cgroup v2, the smallest memory.max of the cgroup and its ancestors', () => {
  assert.equal(memoryLimitBytes(source('0::/kubepods/pod1/c1\n', {
    'kubepods/pod1/c1/memory.max': 'max\n', 'kubepods/pod1/memory.max': `${2 * GiB}\n`, 'kubepods/memory.max': `${8 * GiB}\n`,
  })), 2 * GiB);
  assert.equal(memoryLimitBytes(source('0::/a\n', { 'a/memory.max': `${GiB}\n` })), GiB);
  assert.equal(memoryLimitBytes(source('0::/a/b\n', { 'a/b/memory.max': 'max\n', 'a/memory.max': 'max\n' })), undefined, 'max everywhere: none');
  assert.equal(memoryLimitBytes(source('0::/\n', {})), undefined, 'the root has no memory.max');
});

test('memoryLimitBytes: cgroup v1, hierarchical_memory_limit of memory.stat, else memory.limit_in_bytes', () => {
  const self = '12:pids:/x\n4:cpu,cpuacct:/x\n7:memory:/bench-1\n1:name=systemd:/x\n';
  assert.equal(memoryLimitBytes(source(self, {
    'memory/bench-1/memory.stat': `cache 1\nhierarchical_memory_limit ${GiB}\nhierarchical_memsw_limit 9223372036854771712\n`,
    'memory/bench-1/memory.limit_in_bytes': '9223372036854771712\n',
  })), GiB, 'a parent\'s limit counts');
  assert.equal(memoryLimitBytes(source(self, { 'memory/bench-1/memory.limit_in_bytes': `${512 * 1024 * 1024}\n` })), 512 * 1024 * 1024);
  assert.equal(memoryLimitBytes(source(self, { 'memory/bench-1/memory.limit_in_bytes': '9223372036854771712\n' })), undefined, 'v1 "unlimited" is above the machine');
});

test('memoryLimitBytes: a limit at or above the machine\'s memory, or nothing readable, is no limit', () => {
  assert.equal(memoryLimitBytes(source('0::/a\n', { 'a/memory.max': `${32 * GiB}\n` })), undefined);
  assert.equal(memoryLimitBytes(source('0::/a\n', { 'a/memory.max': `${24 * GiB}\n` }, 24 * GiB)), undefined);
  assert.equal(memoryLimitBytes(source(undefined, {})), undefined, 'no /proc/self/cgroup (not Linux)');
  assert.equal(memoryLimitBytes(source('0::/a\n', {})), undefined, 'no cgroup file system mounted');
  assert.equal(memoryLimitBytes(source('garbage\n', {})), undefined);
  const here = memoryLimitBytes();
  assert.ok(here === undefined || (Number.isSafeInteger(here) && here > 0), `this process: ${here}`);
});
