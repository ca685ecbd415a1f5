/**
 * Puts of bucket settings whose only state in Cairn is AWS's default. Writing that default
 * changes nothing, so it is answered 200 and nothing is stored (the matching Get in
 * unconfigured-bucket-settings.ts keeps answering the default); asking for anything else
 * is a feature Cairn cannot perform: 501 NotImplemented, never a configuration stored and
 * then ignored. This is what tools that "reset" a bucket send (terraform, the AWS console):
 * - PutBucketLogging with <BucketLoggingStatus/> (no LoggingEnabled) disables logging
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html);
 * - PutBucketNotificationConfiguration with an empty <NotificationConfiguration/> turns
 *   notifications off (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html);
 * - PutBucketRequestPayment with <Payer>BucketOwner</Payer>: the bucket owner pays
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketRequestPayment.html).
 * Logging and request payment need Content-MD5 or an x-amz-checksum-* header, as AWS marks
 * them checksum-required. A document of the wrong shape is MalformedXML.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { childText, expectRoot, parseXml, type XmlElement } from '../../xml/parse-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

interface DefaultPut {
  readonly root: string;
  readonly digestRequired: boolean;
  /** True when the document asks for the default state; throws MalformedXML for a bad one. */
  readonly isDefault: (doc: XmlElement) => boolean;
  readonly feature: string;
}

function defaultStatePut(spec: DefaultPut): Handler {
  return async (req, ctx) => {
    const bucket = requireBucket(req);
    await ctx.objects.headBucket({ bucket }, callerContext(req));
    const raw = await readDocument(req);
    if (raw.length === 0) throw new S3Error('MissingRequestBodyError');
    if (spec.digestRequired) verifyDocumentDigest(req.headers, raw);
    const doc = parseXml(raw, { maxBytes: raw.length });
    expectRoot(doc, spec.root);
    if (!spec.isDefault(doc)) {
      throw new S3Error('NotImplemented', { message: `${spec.feature} is not supported by this server.` });
    }
    return { status: 200, headers: { 'content-length': '0' } };
  };
}

export const putBucketLogging = defaultStatePut({
  root: 'BucketLoggingStatus',
  digestRequired: true,
  isDefault: (doc) => doc.children.length === 0,
  feature: 'Server access logging',
});

export const putBucketNotificationConfiguration = defaultStatePut({
  root: 'NotificationConfiguration',
  digestRequired: false,
  isDefault: (doc) => doc.children.length === 0,
  feature: 'Event notification',
});

export const putBucketRequestPayment = defaultStatePut({
  root: 'RequestPaymentConfiguration',
  digestRequired: true,
  isDefault: (doc) => {
    const payer = childText(doc, 'Payer');
    if (doc.children.length !== 1 || (payer !== 'BucketOwner' && payer !== 'Requester')) throw new S3Error('MalformedXML');
    return payer === 'BucketOwner';
  },
  feature: 'Requester Pays',
});
