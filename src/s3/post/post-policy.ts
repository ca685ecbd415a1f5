/**
 * The POST policy of a browser upload: decoding and checking, pure (the time comes in).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 *
 * The policy is base64 JSON `{"expiration": ISO 8601, "conditions": [...]}`. Conditions:
 *   {"field": "value"}                      exact match (as ["eq", "$field", "value"])
 *   ["eq", "$field", "value"]               exact match
 *   ["starts-with", "$field", "prefix"]     prefix ("" allows anything); for Content-Type each
 *                                            comma-separated value must start with the prefix
 *   ["content-length-range", min, max]      the file's size, checked while it streams
 * Field names compare case-insensitively; `$bucket` is the request's bucket. Every form field
 * must be named by some condition except policy, x-amz-signature, signature, awsaccesskeyid,
 * file and x-ignore-* ("Extra input fields"). Errors as AWS answers them:
 *   not base64 / not JSON / bad shape -> 400 InvalidPolicyDocument "Invalid Policy: ..."
 *   expired                           -> 403 AccessDenied "Invalid according to Policy: Policy expired."
 *   a condition fails                 -> 403 AccessDenied "Invalid according to Policy: Policy Condition failed: [...]"
 *   unlisted fields                   -> 403 AccessDenied "Invalid according to Policy: Extra input fields: a, b"
 */
import { S3Error } from '../../errors/s3-error.js';

export type PolicyCondition =
  | { readonly kind: 'eq' | 'starts-with'; readonly field: string; readonly value: string; readonly text: string }
  | { readonly kind: 'content-length-range'; readonly min: number; readonly max: number; readonly text: string };

export interface PostPolicy {
  readonly expiration: Date;
  readonly conditions: readonly PolicyCondition[];
}

export interface LengthRange {
  readonly min: number;
  readonly max: number;
}

export interface PolicyCheckInput {
  /** Lower-cased form field names -> values (the fields before the file). */
  readonly fields: ReadonlyMap<string, string>;
  readonly bucket: string;
  readonly now: Date;
  /**
   * The object key with `${filename}` replaced by the file's name. A `key` condition holds when
   * either the form's key field or this key meets it: MinIO and Ceph check the substituted key
   * (`["starts-with", "$key", "uploads/"]` with key `${filename}` and file `uploads-a.txt`), a
   * policy may also name the field as the form sends it (`{"key": "user/${filename}"}`).
   */
  readonly key?: string;
}

const EXEMPT = new Set(['policy', 'x-amz-signature', 'signature', 'awsaccesskeyid', 'file']);

function invalidPolicy(detail: string): S3Error {
  return new S3Error('InvalidPolicyDocument', { message: `Invalid Policy: ${detail}` });
}

function denied(detail: string): S3Error {
  return new S3Error('AccessDenied', { message: `Invalid according to Policy: ${detail}` });
}

function conditionText(parts: readonly (string | number)[]): string {
  return `[${parts.map((p) => JSON.stringify(p)).join(', ')}]`;
}

function fieldName(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('$') || raw.length < 2) throw invalidPolicy('Invalid Condition: field name must start with $.');
  return raw.slice(1).toLowerCase();
}

function parseLength(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw invalidPolicy('Invalid content-length-range.');
  return n;
}

function parseCondition(raw: unknown): PolicyCondition[] {
  if (Array.isArray(raw)) {
    const op = typeof raw[0] === 'string' ? raw[0].toLowerCase() : '';
    if (raw.length !== 3) throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}.`);
    if (op === 'content-length-range') {
      const min = parseLength(raw[1]);
      const max = parseLength(raw[2]);
      return [{ kind: 'content-length-range', min, max, text: conditionText(['content-length-range', min, max]) }];
    }
    if (op !== 'eq' && op !== 'starts-with') throw invalidPolicy(`Unrecognized condition: ${String(raw[0])}.`);
    if (typeof raw[2] !== 'string') throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}.`);
    return [{ kind: op, field: fieldName(raw[1]), value: raw[2], text: conditionText([op, String(raw[1]), raw[2]]) }];
  }
  if (typeof raw === 'object' && raw !== null) {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length !== 1 || typeof entries[0]![1] !== 'string') throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}.`);
    const [name, value] = entries[0] as [string, string];
    return [{ kind: 'eq', field: name.toLowerCase(), value, text: conditionText(['eq', `$${name}`, value]) }];
  }
  throw invalidPolicy('Invalid Condition type.');
}

/** Decodes the `policy` form field. */
export function decodePostPolicy(base64: string): PostPolicy {
  const text = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(base64) ? Buffer.from(base64, 'base64').toString('utf8') : '';
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { throw invalidPolicy('Invalid JSON.'); }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (expiration === undefined) throw invalidPolicy('Policy missing expiration.');
  const when = typeof expiration === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(expiration) ? new Date(expiration) : undefined;
  if (when === undefined || Number.isNaN(when.getTime())) throw invalidPolicy(`Invalid 'expiration' value: '${String(expiration)}'`);
  if (conditions === undefined) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(conditions)) throw invalidPolicy('Invalid conditions.');
  return { expiration: when, conditions: conditions.flatMap(parseCondition) };
}

function startsWith(field: string, value: string, prefix: string): boolean {
  if (field !== 'content-type') return value.startsWith(prefix);
  return value.split(',').every((v) => v.trim().startsWith(prefix));
}

/**
 * Checks the fields against the policy; returns the content-length-range to enforce on the
 * file (undefined when the policy has none). Throws AccessDenied as AWS does.
 */
export function checkPostPolicy(policy: PostPolicy, input: PolicyCheckInput): LengthRange | undefined {
  if (input.now.getTime() >= policy.expiration.getTime()) throw denied('Policy expired.');
  const named = new Set<string>();
  let range: LengthRange | undefined;
  for (const c of policy.conditions) {
    if (c.kind === 'content-length-range') { range = { min: c.min, max: c.max }; continue; }
    named.add(c.field);
    const value = c.field === 'bucket' ? input.bucket : input.fields.get(c.field) ?? '';
    const meets = (v: string): boolean => (c.kind === 'eq' ? v === c.value : startsWith(c.field, v, c.value));
    const ok = meets(value) || (c.field === 'key' && input.key !== undefined && input.key !== value && meets(input.key));
    if (!ok) throw denied(`Policy Condition failed: ${c.text}`);
  }
  const extra = [...input.fields.keys()].filter((f) => !EXEMPT.has(f) && !f.startsWith('x-ignore-') && !named.has(f));
  if (extra.length > 0) throw denied(`Extra input fields: ${extra.join(', ')}`);
  return range;
}
