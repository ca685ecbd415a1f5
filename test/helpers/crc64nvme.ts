/**
 * CRC-64/NVME (reflected poly 0x9a6c9329ac4bc9b5, init and xorout all ones), the CRC64NVME
 * S3 checksum, written independently of the server's implementation. BigInt: for small test
 * payloads only. Check value: crc64nvme("123456789") = 0xae8b14860a799888.
 */
const POLY = 0x9a6c9329ac4bc9b5n;
const MASK = 0xffffffffffffffffn;
let table: BigUint64Array | undefined;

function buildTable(): BigUint64Array {
  const t = new BigUint64Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = BigInt(i);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ POLY : crc >> 1n;
    t[i] = crc;
  }
  return t;
}

export function crc64nvme(data: Uint8Array): bigint {
  table ??= buildTable();
  let crc = MASK;
  for (const byte of data) crc = table[Number((crc ^ BigInt(byte)) & 0xffn)]! ^ (crc >> 8n);
  return (crc ^ MASK) & MASK;
}

/** Base64 of the big-endian 8 bytes, as S3 sends x-amz-checksum-crc64nvme. */
export function crc64nvmeBase64(data: Uint8Array): string {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(crc64nvme(data));
  return out.toString('base64');
}
