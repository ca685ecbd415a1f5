/**
 * Validation of STS request parameters with AWS's constraints and messages (STS API Reference,
 * AssumeRole / GetSessionToken / AssumeRoleWithWebIdentity "Request Parameters"):
 * RoleSessionName 2..64 of `[\w+=,.@-]`, DurationSeconds 900..43200 (GetSessionToken: ..129600),
 * Policy <= 2048 characters, PolicyArns <= 10, Tags <= 50 (keys 1..128, values 0..256,
 * unique case-insensitively), and the packed size of policy + tags.
 */
import { deflateRawSync } from 'node:zlib';
import { StsError, validationError } from './sts-error.js';

export type StsParams = ReadonlyMap<string, string>;

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]+$/;
const FEDERATED_NAME = /^[\w+=,.@-]{2,32}$/;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ARN = /^arn:[\w+=/,.@-]+:[\w+=/,.@-]*:[\w+=/,.@-]*:[\w+=/,.@-]*:[\w+=,.@/-]+$/;
export const MIN_DURATION = 900;
export const MAX_ROLE_DURATION = 43_200;
export const MAX_SESSION_TOKEN_DURATION = 129_600;
const MAX_POLICY_CHARS = 2048;
/** Packed (compressed) policy + tags budget; AWS reports the percentage used. */
const PACKED_LIMIT = 2048;

export function required(params: StsParams, name: string, field: string): string {
  const v = params.get(name);
  if (v === undefined || v === '') throw validationError(undefined, field, 'Member must not be null');
  return v;
}

export function roleSessionName(params: StsParams): string {
  const v = required(params, 'RoleSessionName', 'roleSessionName');
  if (v.length < 2 || v.length > 64) {
    throw validationError(v, 'roleSessionName', `Member must have length ${v.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'}`);
  }
  if (!SESSION_NAME.test(v)) throw validationError(v, 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  return v;
}

/** ExternalId (AssumeRole): 2..1224 of `[\w+=,.@:/-]`; the trust policy's `sts:ExternalId`. */
export function externalId(params: StsParams): string | undefined {
  const v = params.get('ExternalId');
  if (v === undefined) return undefined;
  if (v.length < 2 || v.length > 1224) {
    throw validationError(v, 'externalId', `Member must have length ${v.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 1224'}`);
  }
  if (!EXTERNAL_ID.test(v)) throw validationError(v, 'externalId', 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*');
  return v;
}

/** SourceIdentity (AssumeRole): 2..64 of `[\w+=,.@-]` (so never AWS's reserved `aws:` prefix). */
export function sourceIdentity(params: StsParams): string | undefined {
  const v = params.get('SourceIdentity');
  if (v === undefined) return undefined;
  if (v.length < 2 || v.length > 64) {
    throw validationError(v, 'sourceIdentity', `Member must have length ${v.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'}`);
  }
  if (!/^[\w+=,.@-]+$/.test(v)) throw validationError(v, 'sourceIdentity', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  return v;
}

/** Name (GetFederationToken): 2..32 of `[\w+=,.@-]`. */
export function federatedName(params: StsParams): string {
  const v = required(params, 'Name', 'name');
  if (v.length < 2 || v.length > 32) {
    throw validationError(v, 'name', `Member must have length ${v.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 32'}`);
  }
  if (!FEDERATED_NAME.test(v)) throw validationError(v, 'name', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  return v;
}

export function roleArn(params: StsParams): string {
  const v = required(params, 'RoleArn', 'roleArn');
  if (v.length < 20 || v.length > 2048 || !ARN.test(v)) {
    throw validationError(v, 'roleArn', 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+');
  }
  return v;
}

/** DurationSeconds (default `fallback`), bounded by `max` (the role's MaxSessionDuration). */
export function durationSeconds(params: StsParams, opts: { fallback: number; max: number; roleMax?: number }): number {
  const raw = params.get('DurationSeconds');
  if (raw === undefined || raw === '') return Math.min(opts.fallback, opts.roleMax ?? opts.fallback);
  if (!/^-?\d{1,10}$/.test(raw)) throw validationError(raw, 'durationSeconds', 'Member must be a number');
  const n = Number(raw);
  if (n < MIN_DURATION) throw validationError(raw, 'durationSeconds', `Member must have value greater than or equal to ${MIN_DURATION}`);
  if (n > opts.max) throw validationError(raw, 'durationSeconds', `Member must have value less than or equal to ${opts.max}`);
  if (opts.roleMax !== undefined && n > opts.roleMax) {
    throw new StsError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  }
  return n;
}

export function sessionPolicy(params: StsParams): string | undefined {
  const v = params.get('Policy');
  if (v === undefined) return undefined;
  if (v.length < 1 || v.length > MAX_POLICY_CHARS) {
    throw validationError(v, 'policy', `Member must have length ${v.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_POLICY_CHARS}`}`);
  }
  return v;
}

/** `PolicyArns.member.N.arn` (N from 1), at most 10. */
export function policyArns(params: StsParams): string[] | undefined {
  const out: string[] = [];
  for (let i = 1; params.has(`PolicyArns.member.${i}.arn`); i++) {
    const arn = params.get(`PolicyArns.member.${i}.arn`)!;
    if (arn.length < 20 || !ARN.test(arn)) throw validationError(arn, `policyArns.${i}.member.arn`, 'Member must have length greater than or equal to 20');
    out.push(arn);
  }
  if (out.length > 10) throw validationError(`[${out.length} items]`, 'policyArns', 'Member must have length less than or equal to 10');
  return out.length === 0 ? undefined : out;
}

/** `Tags.member.N.Key` / `.Value`: session tags. */
export function sessionTags(params: StsParams): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  const seen = new Set<string>();
  let n = 0;
  for (let i = 1; params.has(`Tags.member.${i}.Key`); i++) {
    const key = params.get(`Tags.member.${i}.Key`)!;
    const value = params.get(`Tags.member.${i}.Value`) ?? '';
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) throw validationError(key, `tags.${i}.member.key`, 'Member must have length less than or equal to 128');
    if (value.length > 256 || !TAG_TEXT.test(value)) throw validationError(value, `tags.${i}.member.value`, 'Member must have length less than or equal to 256');
    if (seen.has(key.toLowerCase())) throw new StsError('InvalidParameterValue', `Duplicate tag keys found. Please note that Tag keys are case insensitive.`);
    seen.add(key.toLowerCase());
    tags[key] = value;
    n++;
  }
  if (n > 50) throw validationError(`[${n} items]`, 'tags', 'Member must have length less than or equal to 50');
  return n === 0 ? undefined : tags;
}

/** The packed size of the session policies and tags, as a percentage of the limit; PackedPolicyTooLarge past 100. */
export function packedPolicySize(policy: string | undefined, arns: readonly string[] | undefined, tags: Readonly<Record<string, string>> | undefined): number {
  if (policy === undefined && arns === undefined && tags === undefined) return 0;
  const packed = deflateRawSync(Buffer.from(JSON.stringify([policy ?? '', arns ?? [], tags ?? {}]))).length;
  const percent = Math.ceil((packed * 100) / PACKED_LIMIT);
  if (percent > 100) {
    throw new StsError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy for session`);
  }
  return percent;
}
