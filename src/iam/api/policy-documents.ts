/**
 * Policy documents as IAM takes them: validated by iam/policy's parser (identity policies
 * must not name a Principal, trust policies must) -> MalformedPolicyDocument with the parser's
 * words; sizes counted as AWS does, in characters without white space (AWS IAM User Guide,
 * "IAM and AWS STS quotas": managed policy 6,144; inline per user 2,048, per group 5,120, per
 * role 10,240, all inline policies of the entity together).
 */
import { MalformedPolicyError } from '../../errors/domain-errors.js';
import { parsePolicy, type PolicyKind } from '../policy/index.js';
import { IamError } from '../store/iam-errors.js';
import type { InlinePolicies } from '../store/iam-records.js';

export const MANAGED_POLICY_MAX_CHARS = 6144;
export const INLINE_MAX_CHARS = { user: 2048, group: 5120, role: 10240 } as const;
export const POLICY_DOCUMENT_RULE = { min: 1, max: 131072 };

export function policyChars(text: string): number {
  return text.replace(/\s/g, '').length;
}

export function validatePolicyDocument(text: string, kind: PolicyKind): void {
  try {
    parsePolicy(text, { kind });
  } catch (err) {
    if (err instanceof MalformedPolicyError) throw new IamError('MalformedPolicyDocument', err.message);
    throw err;
  }
}

/** LimitExceeded when the entity's inline policies with `name` set to `text` exceed its quota. */
export function checkInlineSize(kind: keyof typeof INLINE_MAX_CHARS, entity: string, inline: InlinePolicies, name: string, text: string): void {
  let total = policyChars(text);
  for (const [n, t] of Object.entries(inline)) if (n !== name) total += policyChars(t);
  const max = INLINE_MAX_CHARS[kind];
  if (total > max) throw new IamError('LimitExceeded', `Maximum policy size of ${max} bytes exceeded for ${kind} ${entity}`);
}
