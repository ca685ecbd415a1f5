/**
 * The bucket policy as stored and as read back: the `policy` bucket config document holds the
 * JSON text exactly as PutBucketPolicy received it (GetBucketPolicy returns it unchanged);
 * `compileBucketPolicy` validates it as a resource policy confined to its bucket (every
 * Resource is `arn:aws:s3:::<bucket>` or `arn:aws:s3:::<bucket>/...`, else AWS's "Policy has
 * invalid resource"). Shared by the Put/Get*BucketPolicy handlers and the authorizer.
 */
import { MalformedPolicyError } from '../../../errors/domain-errors.js';
import { parsePolicy, type CompiledPolicy } from '../../../iam/policy/index.js';

export const POLICY_CONFIG = 'policy';
/** AWS's limit for a bucket policy document. */
export const MAX_POLICY_BYTES = 20 * 1024;

export function compileBucketPolicy(text: string, bucket: string): CompiledPolicy {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw new MalformedPolicyError('Policy exceeds the maximum allowed document size.');
  }
  const arn = `arn:aws:s3:::${bucket}`;
  return parsePolicy(text, {
    kind: 'resource',
    name: `bucket-policy:${bucket}`,
    resourceAllowed: (r) => r === arn || r.startsWith(`${arn}/`),
  });
}
