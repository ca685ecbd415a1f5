/**
 * Checksum rules of multipart uploads (AWS "Checking object integrity in Amazon S3"):
 *  - An upload may name an algorithm and a type. SHA1/SHA256 only COMPOSITE, CRC64NVME only
 *    FULL_OBJECT, CRC32/CRC32C both; the default type is FULL_OBJECT for CRC64NVME, else COMPOSITE.
 *  - Every part stores the upload algorithm's digest (computed while the part streams).
 *  - COMPOSITE: checksum of the concatenated raw part digests, `base64-N`; the complete request
 *    must repeat each part's checksum. FULL_OBJECT: CRC of the whole object, combined from the
 *    part CRCs and sizes; part checksums in the complete request are optional.
 */
import { DigestMismatchError, InvalidChecksumRequestError, InvalidPartError } from '../../errors/domain-errors.js';
import {
  checksumToBase64, fullObjectChecksum, isChecksumTypeSupported, renderCompositeChecksum,
} from '../../util/checksums.js';
import type { ChecksumAlgorithm, ChecksumType, CompletePart, StoredChecksum } from '../object-layer.js';
import type { PartRecord, UploadRecord } from './upload-record.js';

export function assertChecksumConfig(alg: ChecksumAlgorithm | undefined, type: ChecksumType | undefined): void {
  if (type !== undefined && alg === undefined) {
    throw new InvalidChecksumRequestError('a checksum type requires a checksum algorithm');
  }
  if (alg !== undefined && type !== undefined && !isChecksumTypeSupported(alg, type)) {
    throw new InvalidChecksumRequestError(`The ${type} checksum type cannot be used with the ${alg} checksum algorithm.`);
  }
}

/** The algorithms to compute while a part streams: the caller's plus the upload's. */
export function partAlgorithms(upload: UploadRecord, requested: readonly ChecksumAlgorithm[] | undefined): ChecksumAlgorithm[] {
  const set = new Set<ChecksumAlgorithm>(requested ?? []);
  if (upload.checksumAlgorithm) set.add(upload.checksumAlgorithm);
  return [...set];
}

/** A part request that declares a checksum of another algorithm than the upload's is refused. */
export function assertPartAlgorithm(upload: UploadRecord, storeChecksum: ChecksumAlgorithm | undefined): void {
  if (storeChecksum && upload.checksumAlgorithm && storeChecksum !== upload.checksumAlgorithm) {
    throw new InvalidChecksumRequestError(
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, ` +
      `actual checksum Type: ${storeChecksum.toLowerCase()}`,
    );
  }
}

/** The part's checksum as ListParts shows it. */
export function partStoredChecksum(upload: UploadRecord, part: PartRecord): StoredChecksum | undefined {
  if (!upload.checksumAlgorithm || !part.checksum) return undefined;
  return { algorithm: upload.checksumAlgorithm, type: upload.checksumType ?? 'COMPOSITE', value: checksumToBase64(part.checksum) };
}

/** Check a part checksum repeated in the complete request against the stored one. */
export function verifyCompletePartChecksum(upload: UploadRecord, listed: CompletePart, part: PartRecord): void {
  const alg = upload.checksumAlgorithm;
  if (!alg) return;
  if (listed.checksum === undefined) {
    if (upload.checksumType === 'COMPOSITE') {
      throw new InvalidChecksumRequestError(
        `The upload was created using a ${alg.toLowerCase()} checksum. The complete request must include the ` +
        `checksum for each part. It was missing for part ${listed.partNumber} in the request.`,
      );
    }
    return;
  }
  if (!part.checksum || listed.checksum !== checksumToBase64(part.checksum)) {
    throw new InvalidPartError(listed.partNumber, `${alg} checksum does not match the uploaded part`);
  }
}

/** The object's checksum from its parts (undefined when the upload has no algorithm). */
export function objectChecksum(upload: UploadRecord, parts: readonly PartRecord[]): StoredChecksum | undefined {
  const alg = upload.checksumAlgorithm;
  if (!alg) return undefined;
  const type = upload.checksumType ?? 'COMPOSITE';
  const digests = parts.map((p) => {
    if (!p.checksum) throw new InvalidPartError(p.partNumber, `part has no ${alg} checksum`);
    return p.checksum;
  });
  const value = type === 'COMPOSITE'
    ? renderCompositeChecksum(alg, digests)
    : checksumToBase64(fullObjectChecksum(alg, parts.map((p, i) => ({ digest: digests[i]!, size: p.size }))));
  return { algorithm: alg, type, value };
}

/** A whole-object checksum declared on complete must equal the computed one. */
export function verifyExpectedChecksum(stored: StoredChecksum | undefined, expected: string | undefined): void {
  if (expected === undefined || expected === '') return;
  if (!stored) return; // no algorithm on the upload: nothing to compare against
  const bare = stored.value.replace(/-\d+$/, '');
  if (expected !== stored.value && expected !== bare) throw new DigestMismatchError(stored.algorithm);
}
