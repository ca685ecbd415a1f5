/**
 * Parses and validates an AWS policy document (AWS IAM User Guide, "IAM JSON policy element
 * reference" and "Grammar of the IAM JSON policy language",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html) into the
 * compiled form of policy-types.ts. Every problem throws MalformedPolicyError with AWS's words:
 *
 * - not JSON / first byte not `{`: "Policies must be valid JSON and the first byte must be '{'"
 * - wrong JSON types, bad Sid / Effect shapes: "Invalid policy syntax."
 * - Version other than 2012-10-17 / 2008-10-17: "The policy must contain a valid version string"
 * - "Missing required field Statement|Effect|Action|Resource|Principal", "Unknown field X"
 * - "Policy has invalid action", "Policy has invalid resource", "Invalid principal in policy",
 *   "Policy document should not specify a principal." (identity policies)
 * - "Statement IDs (SID) in a single policy must be unique."
 *
 * Actions are validated by shape (`service:Name` with wildcards, or `*`), not against a list
 * of known actions. Nothing else than MalformedPolicyError ever leaves `parsePolicy`
 * (test: parse-policy-fuzz.test.ts).
 */
import { MalformedPolicyError, isCairnError } from '../../errors/domain-errors.js';
import { globOf, lowerGlob, matcherOf, type GlobMatcher } from './glob.js';
import { INVALID_SYNTAX, expectObject, rejectUnknownFields, stringList, type JsonObject } from './json-values.js';
import { parseConditions } from './parse-condition.js';
import { parsePrincipal } from './parse-principal.js';
import { parseTemplate, type Template } from './policy-variables.js';
import { bucketOfArn } from './policy-set.js';
import type { CompiledPolicy, CompiledStatement, PolicyKind, PolicyVersion } from './policy-types.js';

export interface ParsePolicyOptions {
  readonly kind: PolicyKind;
  /** Name carried into decisions (policy ARN, `bucket-policy`). */
  readonly name?: string;
  /** Extra check of each Resource / NotResource (a bucket policy names only its bucket). */
  readonly resourceAllowed?: (resource: string) => boolean;
}

const NOT_JSON = "Policies must be valid JSON and the first byte must be '{'";
const INVALID_ACTION = 'Policy has invalid action';
const INVALID_RESOURCE = 'Policy has invalid resource';
const DOCUMENT_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/;
const RESOURCE_ARN = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:./;

function pickOne(st: JsonObject, a: string, b: string): { values: unknown; not: boolean } | undefined {
  const hasA = Object.hasOwn(st, a);
  const hasB = Object.hasOwn(st, b);
  if (hasA && hasB) throw new MalformedPolicyError(INVALID_SYNTAX);
  if (!hasA && !hasB) return undefined;
  return hasA ? { values: st[a], not: false } : { values: st[b], not: true };
}

function parseActions(raw: unknown): GlobMatcher[] {
  return stringList(raw, INVALID_ACTION).map((a) => {
    if (a !== '*' && !ACTION.test(a)) throw new MalformedPolicyError(INVALID_ACTION);
    return matcherOf(lowerGlob(globOf(a)));
  });
}

function parseResources(raw: unknown, variables: boolean, opts: ParsePolicyOptions): Template[] {
  return stringList(raw, INVALID_RESOURCE).map((r) => {
    if (r !== '*' && !RESOURCE_ARN.test(r)) throw new MalformedPolicyError(INVALID_RESOURCE);
    if (opts.resourceAllowed && !opts.resourceAllowed(r)) throw new MalformedPolicyError(INVALID_RESOURCE);
    return parseTemplate(r, variables);
  });
}

/** The literal buckets every resource is confined to (see CompiledStatement.bucketKeys). */
function bucketKeys(resources: readonly string[]): string[] | undefined {
  const keys = new Set<string>();
  for (const r of resources) {
    const bucket = bucketOfArn(r);
    if (bucket === undefined || bucket === '' || /[*?$]/.test(bucket)) return undefined;
    keys.add(bucket);
  }
  return [...keys];
}

function parseStatement(raw: unknown, index: number, version: PolicyVersion, opts: ParsePolicyOptions): CompiledStatement {
  const st = expectObject(raw, INVALID_SYNTAX);
  rejectUnknownFields(st, STATEMENT_FIELDS);
  const variables = version === '2012-10-17';
  const sid = st['Sid'];
  if (sid !== undefined && typeof sid !== 'string') throw new MalformedPolicyError(INVALID_SYNTAX);
  const effect = st['Effect'];
  if (effect === undefined) throw new MalformedPolicyError('Missing required field Effect');
  if (effect !== 'Allow' && effect !== 'Deny') throw new MalformedPolicyError(`Invalid effect: ${String(effect)}`);
  const action = pickOne(st, 'Action', 'NotAction');
  if (!action) throw new MalformedPolicyError('Missing required field Action');
  const principal = pickOne(st, 'Principal', 'NotPrincipal');
  if (opts.kind === 'identity' && principal) throw new MalformedPolicyError('Policy document should not specify a principal.');
  if (opts.kind !== 'identity' && !principal) throw new MalformedPolicyError('Missing required field Principal');
  const resource = pickOne(st, 'Resource', 'NotResource');
  if (!resource && opts.kind !== 'trust' && !(opts.kind === 'identity' && !action.not && minioServiceOnly(action.values))) {
    throw new MalformedPolicyError('Missing required field Resource');
  }
  return {
    sid: sid === undefined ? undefined : sid,
    index,
    effect,
    actions: parseActions(action.values),
    notAction: action.not,
    resources: resource ? parseResources(resource.values, variables, opts) : undefined,
    notResource: resource?.not ?? false,
    bucketKeys: resource && !resource.not ? bucketKeys(stringList(resource.values, INVALID_RESOURCE)) : undefined,
    principal: principal ? parsePrincipal(principal.values) : undefined,
    notPrincipal: principal?.not ?? false,
    conditions: st['Condition'] === undefined ? [] : parseConditions(st['Condition'], variables),
  };
}

/**
 * MinIO's admin and KMS statements carry no Resource (its canned `consoleAdmin` policy): an
 * identity statement whose actions are all `admin:` / `kms:` ones may leave it out and then
 * applies to every resource (those actions have none). Any other statement needs one, as on AWS.
 */
function minioServiceOnly(raw: unknown): boolean {
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  return list.length > 0 && list.every((a) => typeof a === 'string' && /^(admin|kms):/i.test(a));
}

function parseVersion(raw: unknown): PolicyVersion {
  if (raw === undefined) return '2008-10-17';
  if (raw === '2012-10-17' || raw === '2008-10-17') return raw;
  throw new MalformedPolicyError('The policy must contain a valid version string');
}

function parseDocument(doc: JsonObject, opts: ParsePolicyOptions): CompiledPolicy {
  rejectUnknownFields(doc, DOCUMENT_FIELDS);
  const version = parseVersion(doc['Version']);
  const id = doc['Id'];
  if (id !== undefined && typeof id !== 'string') throw new MalformedPolicyError(INVALID_SYNTAX);
  const raw = doc['Statement'];
  if (raw === undefined) throw new MalformedPolicyError('Missing required field Statement');
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new MalformedPolicyError('Could not parse the policy: Statement is empty!');
  const statements = list.map((s, i) => parseStatement(s, i, version, opts));
  const sids = new Set<string>();
  for (const s of statements) {
    if (s.sid === undefined || s.sid === '') continue;
    if (sids.has(s.sid)) throw new MalformedPolicyError('Statement IDs (SID) in a single policy must be unique.');
    sids.add(s.sid);
  }
  return { name: opts.name ?? id ?? 'policy', version, id: id === undefined ? undefined : id, statements };
}

/** Parses policy JSON text; throws only MalformedPolicyError. */
export function parsePolicy(text: string, opts: ParsePolicyOptions): CompiledPolicy {
  if (!text.trimStart().startsWith('{')) throw new MalformedPolicyError(NOT_JSON);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new MalformedPolicyError(NOT_JSON);
  }
  try {
    return parseDocument(expectObject(doc, NOT_JSON), opts);
  } catch (err) {
    if (isCairnError(err)) throw err;
    throw new MalformedPolicyError(INVALID_SYNTAX);
  }
}
