/**
 * PutBucketVersioning: PUT /bucket?versioning with
 * <VersioningConfiguration><Status>Enabled|Suspended</Status><MfaDelete/></VersioningConfiguration>.
 * Stored as the 'versioning' bucket config document (JSON {"status": ...}, see
 * handlers/common/versioning.ts). A missing Status leaves the state unchanged; any other
 * value is MalformedXML. MFA delete needs MFA devices Cairn does not have: enabling it is
 * NotImplemented. A bucket with Object Lock keeps versioning Enabled: Suspended is 409
 * InvalidBucketState (AWS: "you can't disable Object Lock or suspend versioning for the bucket").
 *
 * MinIO's extension (versioning/versioning-exclusions.ts): with Status Enabled, up to 10
 * <ExcludedPrefixes><Prefix>p</Prefix></ExcludedPrefixes> and <ExcludeFolders>true</ExcludeFolders>
 * name keys written unversioned. With Suspended (or no Status), more than 10, or an empty
 * prefix: 400 IllegalVersioningConfigurationException, as MinIO; on an Object Lock bucket: 409
 * InvalidBucketState. Every PutBucketVersioning replaces the exclusions (none when absent).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { MAX_EXCLUDED_PREFIXES, type VersioningExclusions } from '../../../versioning/versioning-exclusions.js';
import { childElements, childText, expectRoot, type XmlElement } from '../../xml/parse-xml.js';
import { readXmlBody } from '../../xml/read-body.js';
import { encodeVersioningDoc, readBucketVersioning, VERSIONING_CONFIG } from '../common/versioning.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

function illegal(why: string): S3Error {
  return new S3Error('IllegalVersioningConfigurationException', {
    message: `Versioning configuration specified in the request is invalid. (${why})`,
  });
}

/** MinIO's ExcludedPrefixes / ExcludeFolders of the document; undefined when it names none. */
function parseExclusions(doc: XmlElement, status: string | undefined): VersioningExclusions | undefined {
  const prefixes = childElements(doc, 'ExcludedPrefixes').map((el) => childText(el, 'Prefix') ?? '');
  const foldersText = childText(doc, 'ExcludeFolders');
  if (foldersText !== undefined && foldersText !== 'true' && foldersText !== 'false') throw new S3Error('MalformedXML');
  const folders = foldersText === 'true';
  if (prefixes.length === 0 && !folders) return undefined;
  if (status !== 'Enabled') throw illegal('excluded prefixes extension supported only when versioning is enabled');
  if (prefixes.length > MAX_EXCLUDED_PREFIXES) throw illegal('too many excluded prefixes');
  if (prefixes.some((p) => p.length === 0)) throw illegal('an excluded prefix cannot be empty');
  return { prefixes, folders };
}

export const putBucketVersioning: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const doc = await readXmlBody(req);
  if (doc === undefined) throw new S3Error('MissingRequestBodyError');
  expectRoot(doc, 'VersioningConfiguration');
  const status = childText(doc, 'Status');
  const mfa = childText(doc, 'MfaDelete');
  if (mfa !== undefined && mfa !== 'Disabled' && mfa !== 'Enabled') throw new S3Error('MalformedXML');
  if (mfa === 'Enabled') throw new S3Error('NotImplemented', { message: 'MFA delete is not supported by this server.' });
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw new S3Error('MalformedXML');
  const exclusions = parseExclusions(doc, status);
  if (status === undefined) return { status: 200, headers: { 'content-length': 0 } };
  const { objectLockEnabled } = await readBucketVersioning(ctx.objects, bucket);
  if (objectLockEnabled && status === 'Suspended') {
    throw new S3Error('InvalidBucketState', {
      message: 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
    });
  }
  if (objectLockEnabled && exclusions !== undefined) {
    throw new S3Error('InvalidBucketState', {
      message: 'An Object Lock configuration is present on this bucket, so no prefix can be excluded from versioning.',
    });
  }
  await ctx.objects.putBucketConfig({ bucket, name: VERSIONING_CONFIG, value: encodeVersioningDoc(status, objectLockEnabled, exclusions) }, op);
  return { status: 200, headers: { 'content-length': 0 } };
};
