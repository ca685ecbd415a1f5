/**
 * The session policies of a request (inline `Policy`, `PolicyArns`, `Tags`): validated with
 * AWS's errors (ValidationError, MalformedPolicyDocument, PackedPolicyTooLarge) before a
 * session is issued, so a sealed session always resolves.
 */
import { MalformedPolicyError } from '../../../errors/domain-errors.js';
import { parsePolicy } from '../../policy/index.js';
import { StsError } from '../sts-error.js';
import { packedPolicySize, policyArns, sessionPolicy, sessionTags, type StsParams } from '../sts-params.js';
import type { PolicySource } from '../sts-sources.js';

export interface SessionPolicyParams {
  readonly policy: string | undefined;
  readonly policyArns: string[] | undefined;
  readonly tags: Record<string, string> | undefined;
  /** PackedPolicySize (percent of the allowed space), 0 when none was passed. */
  readonly packedSize: number;
}

export function readSessionPolicies(params: StsParams, policies: PolicySource, opts: { tags: boolean }): SessionPolicyParams {
  const policy = sessionPolicy(params);
  if (policy !== undefined) {
    try {
      parsePolicy(policy, { kind: 'identity', name: 'session-policy' });
    } catch (err) {
      if (err instanceof MalformedPolicyError) throw new StsError('MalformedPolicyDocument', err.message, { cause: err });
      throw err;
    }
  }
  const arns = policyArns(params);
  for (const arn of arns ?? []) {
    if (policies.policy(arn) === undefined) throw new StsError('InvalidParameterValue', `The policy ${arn} does not exist or is not attachable.`);
  }
  const tags = opts.tags ? sessionTags(params) : undefined;
  return { policy, policyArns: arns, tags, packedSize: packedPolicySize(policy, arns, tags) };
}
