import { it } from 'node:test';
import assert from 'node:assert/strict';
import { crc64nvme, crc64nvmeBase64 } from './crc64nvme.js';

it('crc64nvme matches the CRC-64/NVME check value', () => {
  assert.equal(crc64nvme(Buffer.from('123456789')), 0xae8b14860a799888n);
  assert.equal(crc64nvme(Buffer.alloc(0)), 0n);
  assert.equal(crc64nvmeBase64(Buffer.from('123456789')), Buffer.from('ae8b14860a799888', 'hex').toString('base64'));
});
