/**
 * PostObject: a browser upload, `POST /bucket` with multipart/form-data
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html). The pipeline has
 * read the fields, verified the signature and the policy and authorized s3:PutObject
 * (pipeline/post-object-auth.ts); this stores the streamed file as PutObject would (metadata,
 * tagging, checksums and ACL from the fields: post-form-headers.ts) and answers:
 *   - success_action_redirect (or the legacy `redirect`) holding an http(s) URL: 303 to it with
 *     bucket, key and etag appended to its query;
 *   - else success_action_status 200 (empty) or 201 (PostResponse XML); anything else 204.
 * Every answer carries ETag and Location (the object's URL).
 */
import { S3Error } from '../../../errors/s3-error.js';
import { postResponseXml } from '../../xml/shapes/post-response.js';
import { checksumResponseHeaders, checksumWriteOptions, parseChecksumHeaders } from '../common/checksum-headers.js';
import { DEFAULT_CONTENT_TYPE, parseObjectMetadata } from '../common/object-metadata.js';
import { abortableContext } from '../common/op-context.js';
import { bucketKeyVersioning } from '../common/versioning.js';
import type { Handler, S3Request } from '../handler.js';
import type { PostForm } from '../../post/post-form.js';
import { postFormHeaders } from './post-form-headers.js';
import { newObjectAcl, withObjectAcl } from '../common/object-acl.js';
import { writeEncryption } from '../common/bucket-encryption.js';
import { sseResponseHeaders } from '../common/sse-headers.js';

const NO_TRAILERS = (): Readonly<Record<string, string>> => ({});

function redirectTarget(value: string | undefined): URL | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function objectUrl(req: S3Request, form: PostForm, bucket: string): string {
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
  const path = form.key.split('/').map(encodeURIComponent).join('/');
  return `${form.scheme}://${host}/${encodeURIComponent(bucket)}/${path}`;
}

export const postObject: Handler = async (req, ctx) => {
  const form = req.postForm;
  if (req.bucket === undefined || form === undefined) throw new S3Error('InvalidRequest', { message: 'A POST upload needs a bucket and a form.' });
  const bucket = req.bucket;
  const { key } = form;
  const headers = postFormHeaders(form);
  const meta = parseObjectMetadata(headers);
  const checksums = checksumWriteOptions(parseChecksumHeaders(headers), NO_TRAILERS);
  const versioning = await bucketKeyVersioning(ctx.objects, bucket, key);
  const acl = await newObjectAcl(req, ctx, bucket, headers);
  // The form's x-amz-server-side-encryption* fields, else the bucket default (SSE-C only over TLS).
  const encryption = await writeEncryption({ headers, ...(req.secure !== undefined ? { secure: req.secure } : {}) }, ctx.encryptionConfigs, bucket);

  const info = await ctx.objects.putObject({
    bucket,
    key,
    body: form.file,
    size: -1,
    contentType: meta.contentType ?? DEFAULT_CONTENT_TYPE,
    userMetadata: meta.userMetadata,
    systemMetadata: withObjectAcl(meta.systemMetadata, acl),
    storageClass: meta.storageClass ?? 'STANDARD',
    versioned: versioning === 'Enabled',
    ...checksums,
    ...(encryption !== undefined ? { encryption } : {}),
  }, abortableContext(req));

  const etag = `"${info.etag}"`;
  const location = objectUrl(req, form, bucket);
  const out: Record<string, string> = { etag, location, ...checksumResponseHeaders(info.checksum), ...sseResponseHeaders(info.encryption) };
  if (info.versionId !== 'null') out['x-amz-version-id'] = info.versionId;
  const redirect = redirectTarget(form.fields.get('success_action_redirect') ?? form.fields.get('redirect'));
  if (redirect !== undefined) {
    redirect.searchParams.append('bucket', bucket);
    redirect.searchParams.append('key', key);
    redirect.searchParams.append('etag', etag);
    return { status: 303, headers: { ...out, location: redirect.toString() } };
  }
  const status = form.fields.get('success_action_status');
  if (status === '200') return { status: 200, headers: out };
  if (status === '201') {
    return { status: 201, headers: { ...out, 'content-type': 'application/xml' }, body: postResponseXml({ location, bucket, key, etag }) };
  }
  return { status: 204, headers: out };
};
