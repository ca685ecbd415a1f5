/**
 * Authentication of a browser POST upload (`POST /bucket`, multipart/form-data): the
 * credentials are form fields, so the pipeline reads the fields before the file
 * (s3/post/multipart-form.ts, at most 20 KB as AWS), then:
 *   1. the signature over the base64 `policy` field (the policy is the string to sign):
 *      SigV4 (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html):
 *        x-amz-algorithm = AWS4-HMAC-SHA256, x-amz-credential = AK/yyyymmdd/region/s3/aws4_request,
 *        x-amz-date, x-amz-signature = hex(HMAC-SHA256(signing key of the credential scope, policy));
 *      SigV2 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/HTTPPOSTForms.html):
 *        AWSAccessKeyId, signature = base64(HMAC-SHA1(secret, policy));
 *      neither: an anonymous upload (the authorizer decides);
 *   2. the key: `${filename}` replaced by the file's name, at most 1,024 bytes;
 *   3. the policy (s3/post/post-policy.ts): expiration, every condition (a `key` condition met by
 *      the form's field or by that key), no extra field.
 * Temporary (STS) credentials sign a form as any key does, with the session token in the
 * `x-amz-security-token` field (which, not being exempt, the policy must name, as AWS requires):
 * the secret is looked up with that token, and the result carries it so the pipeline resolves
 * and authorizes the caller as that session (its role and session policies).
 * The file stream is returned wrapped in the policy's content-length-range. The pipeline then
 * authorizes `s3:PutObject` on bucket/key as for any other request.
 */
import { pipeline, type Readable } from 'node:stream';
import { S3Error } from '../../errors/s3-error.js';
import { constantTimeEqual } from '../../util/constant-time.js';
import { LengthRangeStream } from '../post/length-range.js';
import { readMultipartForm, formBoundary } from '../post/multipart-form.js';
import type { PostForm } from '../post/post-form.js';
import { checkPostPolicy, decodePostPolicy, type LengthRange } from '../post/post-policy.js';
import { signV2 } from '../sigv2/index.js';
import { parseCredential } from '../sigv4/credential.js';
import type { CredentialStore, SigningKeyCache } from '../sigv4/index.js';
import { hmacHex } from '../sigv4/signing-key.js';

/** AWS: "Your POST request fields preceding the upload file were too large." beyond this. */
export const MAX_POST_PRE_DATA_BYTES = 20 * 1024;
const MAX_KEY_BYTES = 1024;
const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export interface PostAuthInput {
  readonly bucket: string;
  readonly contentType: string | undefined;
  readonly body: Readable;
  /** The connection is TLS. */
  readonly secure: boolean;
}

export interface PostAuthDeps {
  readonly credentials: CredentialStore;
  readonly region: string;
  readonly keyCache: SigningKeyCache;
  readonly now: Date;
}

export interface PostAuthResult {
  readonly accessKey: string;
  readonly anonymous: boolean;
  /** The form's `x-amz-security-token` of a form signed with temporary credentials. */
  readonly sessionToken?: string;
  readonly form: PostForm;
}

function missingField(name: string): S3Error {
  return new S3Error('InvalidArgument', {
    message: `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    extra: { ArgumentName: name, ArgumentValue: '' },
  });
}

function required(fields: ReadonlyMap<string, string>, name: string): string {
  const v = fields.get(name);
  if (v === undefined) throw missingField(name);
  return v;
}

function secretOf(credentials: CredentialStore, accessKey: string, fields: ReadonlyMap<string, string>): string {
  const secret = credentials.secretFor(accessKey, fields.get('x-amz-security-token'));
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', { extra: { AWSAccessKeyId: accessKey } });
  return secret;
}

function mismatch(accessKey: string, policy: string, provided: string): S3Error {
  return new S3Error('SignatureDoesNotMatch', {
    extra: { AWSAccessKeyId: accessKey, StringToSign: policy, SignatureProvided: provided.slice(0, 128) },
  });
}

/** The access key whose signature over the policy verifies; undefined for an anonymous form. */
function verifySignature(fields: ReadonlyMap<string, string>, deps: PostAuthDeps): string | undefined {
  if (fields.has('x-amz-signature') || fields.has('x-amz-algorithm') || fields.has('x-amz-credential')) {
    const algorithm = required(fields, 'x-amz-algorithm');
    if (algorithm !== SIGV4_ALGORITHM) {
      throw new S3Error('InvalidArgument', { message: `Invalid algorithm: ${algorithm}`, extra: { ArgumentName: 'x-amz-algorithm', ArgumentValue: algorithm } });
    }
    const scope = parseCredential(required(fields, 'x-amz-credential'), 'query', deps.region);
    required(fields, 'x-amz-date');
    const signature = required(fields, 'x-amz-signature');
    const policy = required(fields, 'policy');
    const key = deps.keyCache.get(secretOf(deps.credentials, scope.accessKey, fields), scope.date, scope.region, scope.service);
    if (!constantTimeEqual(hmacHex(key, policy), signature)) throw mismatch(scope.accessKey, policy, signature);
    return scope.accessKey;
  }
  if (fields.has('awsaccesskeyid') || fields.has('signature')) {
    const accessKey = required(fields, 'awsaccesskeyid');
    const signature = required(fields, 'signature');
    const policy = required(fields, 'policy');
    if (!constantTimeEqual(signV2(secretOf(deps.credentials, accessKey, fields), policy), signature)) throw mismatch(accessKey, policy, signature);
    return accessKey;
  }
  return undefined;
}

export function objectKeyOf(fields: ReadonlyMap<string, string>, filename: string): string {
  const key = required(fields, 'key').replaceAll('${filename}', filename);
  if (key.length === 0) throw new S3Error('InvalidArgument', { message: 'User key must have a length greater than 0.', extra: { ArgumentName: 'key', ArgumentValue: '' } });
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', { extra: { Size: String(bytes), MaxSizeAllowed: String(MAX_KEY_BYTES) } });
  return key;
}

export async function authenticatePostObject(input: PostAuthInput, deps: PostAuthDeps): Promise<PostAuthResult> {
  const boundary = formBoundary(input.contentType);
  const form = await readMultipartForm(input.body, { boundary, maxPreDataBytes: MAX_POST_PRE_DATA_BYTES });
  const fields = new Map<string, string>();
  for (const f of form.fields) if (!fields.has(f.name)) fields.set(f.name, f.value);
  try {
    const key = objectKeyOf(fields, form.file.filename);
    const accessKey = verifySignature(fields, deps);
    const policy = fields.get('policy');
    let range: LengthRange | undefined;
    if (policy !== undefined) range = checkPostPolicy(decodePostPolicy(policy), { fields, bucket: input.bucket, now: deps.now, key });
    const file = pipeline(form.file.stream, new LengthRangeStream(range), () => { /* errors reach the reader of the last stream */ });
    const token = accessKey !== undefined ? fields.get('x-amz-security-token') : undefined;
    return {
      accessKey: accessKey ?? '',
      anonymous: accessKey === undefined,
      ...(token !== undefined ? { sessionToken: token } : {}),
      form: { key, fields, filename: form.file.filename, fileContentType: form.file.contentType, file, scheme: input.secure ? 'https' : 'http' },
    };
  } catch (err) {
    form.file.stream.destroy();
    throw err;
  }
}
