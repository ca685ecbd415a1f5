/**
 * The ChecksumCRC32 / ChecksumCRC32C / ChecksumCRC64NVME / ChecksumSHA1 / ChecksumSHA256
 * element of a stored checksum, plus ChecksumType where AWS sends it.
 */
import type { StoredChecksum } from '../../../object/object-layer.js';
import type { XmlObject } from '../build-xml.js';

export function checksumElements(c: StoredChecksum | undefined, withType = false): XmlObject {
  if (c === undefined) return {};
  const out: Record<string, string> = { [`Checksum${c.algorithm}`]: c.value };
  if (withType) out['ChecksumType'] = c.type;
  return out;
}
