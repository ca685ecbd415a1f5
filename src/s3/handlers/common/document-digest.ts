/**
 * Integrity of a buffered request document (DeleteObjects): AWS requires Content-MD5 or an
 * x-amz-checksum-* header on such requests and verifies it against the body.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import { S3Error } from '../../../errors/s3-error.js';
import { computeChecksum } from '../../../util/checksums.js';
import { parseChecksumHeaders } from './checksum-headers.js';

/** Throws InvalidRequest when neither header is present, BadDigest when one does not match. */
export function verifyDocumentDigest(headers: IncomingHttpHeaders, body: Buffer): void {
  const parsed = parseChecksumHeaders(headers);
  if (parsed.contentMd5 === undefined && parsed.expected === undefined) {
    throw new S3Error('InvalidRequest', { message: 'Missing required header for this request: Content-MD5' });
  }
  if (parsed.contentMd5 !== undefined && !parsed.contentMd5.equals(createHash('md5').update(body).digest())) {
    throw new S3Error('BadDigest');
  }
  if (parsed.algorithm !== undefined && parsed.expected !== undefined
    && !parsed.expected.equals(computeChecksum(parsed.algorithm, body))) {
    throw new S3Error('BadDigest', { message: `The ${parsed.algorithm} you specified did not match the calculated checksum.` });
  }
}
