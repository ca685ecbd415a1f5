/**
 * The condition operators of the policy language (AWS IAM User Guide, "IAM JSON policy
 * elements: Condition operators",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * one table row per operator name, then how a policy value is compiled once and how one
 * request value is tested against it.
 *
 * Case rules as on AWS: operator names are exact; StringEquals / StringLike / Arn* compare with
 * case, *IgnoreCase and Bool without. Policy variables are resolved in string and ARN values.
 * A request value the operator cannot read (a non-number for Numeric*, not an address for
 * IpAddress) matches nothing.
 */
import { cidrContains, parseCidr, parseIp, type CidrBlock } from './ip-address.js';
import { globMatch, type Glob } from './glob.js';
import { parseTemplate, resolveTemplate, type Template } from './policy-variables.js';
import type { ContextKeys } from './request-context.js';

export type OperatorKind = 'string' | 'stringIgnoreCase' | 'stringLike' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
export type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

export interface OperatorDef {
  readonly kind: OperatorKind;
  readonly cmp: Comparison;
  /** NotEquals, NotLike, NotIpAddress: true when the request value matches none of the policy values. */
  readonly negated: boolean;
}

export type CompiledValue =
  | { readonly type: 'template'; readonly template: Template }
  | { readonly type: 'number'; readonly value: number | undefined }
  | { readonly type: 'cidr'; readonly block: CidrBlock | undefined }
  | { readonly type: 'text'; readonly text: string };

const op = (kind: OperatorKind, cmp: Comparison = 'eq', negated = false): OperatorDef => ({ kind, cmp, negated });

const ORDERED: ReadonlyArray<[string, Comparison, boolean]> = [
  ['Equals', 'eq', false], ['NotEquals', 'eq', true], ['LessThan', 'lt', false], ['LessThanEquals', 'le', false],
  ['GreaterThan', 'gt', false], ['GreaterThanEquals', 'ge', false],
];

/** Every operator name (without IfExists and set prefixes). */
export const OPERATORS: ReadonlyMap<string, OperatorDef> = new Map<string, OperatorDef>([
  ['StringEquals', op('string')], ['StringNotEquals', op('string', 'eq', true)],
  ['StringEqualsIgnoreCase', op('stringIgnoreCase')], ['StringNotEqualsIgnoreCase', op('stringIgnoreCase', 'eq', true)],
  ['StringLike', op('stringLike')], ['StringNotLike', op('stringLike', 'eq', true)],
  ...ORDERED.map(([n, c, neg]): [string, OperatorDef] => [`Numeric${n}`, op('numeric', c, neg)]),
  ...ORDERED.map(([n, c, neg]): [string, OperatorDef] => [`Date${n}`, op('date', c, neg)]),
  ['Bool', op('bool')], ['BinaryEquals', op('binary')],
  ['IpAddress', op('ip')], ['NotIpAddress', op('ip', 'eq', true)],
  ['ArnEquals', op('arn')], ['ArnLike', op('arn')], ['ArnNotEquals', op('arn', 'eq', true)], ['ArnNotLike', op('arn', 'eq', true)],
  ['Null', op('null')],
]);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+)?(Z|[+-]\d{2}:?\d{2})?$/;

function parseNumber(s: string): number | undefined {
  return NUMBER.test(s.trim()) ? Number(s) : undefined;
}

/** Dates: ISO 8601 or epoch seconds (AWS accepts both for Date* operators), as epoch ms. */
export function parseDate(s: string): number | undefined {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!ISO_DATE.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Compiles one policy value for an operator; `variables` is true for 2012-10-17 policies. */
export function compileValue(def: OperatorDef, raw: string, variables: boolean): CompiledValue {
  switch (def.kind) {
    case 'string':
    case 'stringLike':
    case 'arn':
    case 'stringIgnoreCase':
      return { type: 'template', template: parseTemplate(raw, variables) };
    case 'numeric': return { type: 'number', value: parseNumber(raw) };
    case 'date': return { type: 'number', value: parseDate(raw) };
    case 'ip': return { type: 'cidr', block: parseCidr(raw) };
    case 'bool':
    case 'null': return { type: 'text', text: raw.toLowerCase() };
    case 'binary': return { type: 'text', text: raw };
  }
}

function compare(cmp: Comparison, a: number, b: number): boolean {
  switch (cmp) {
    case 'eq': return a === b;
    case 'lt': return a < b;
    case 'le': return a <= b;
    case 'gt': return a > b;
    case 'ge': return a >= b;
  }
}

/** Splits an ARN glob at its first five literal colons; undefined when it has fewer. */
function arnParts(g: Glob): Glob[] | undefined {
  const parts: Glob[] = [];
  let from = 0;
  for (let i = 0; i < g.text.length && parts.length < 5; i++) {
    if (g.text.charCodeAt(i) === 58 && g.kinds[i] === 0) {
      parts.push({ text: g.text.slice(from, i), kinds: g.kinds.subarray(from, i) });
      from = i + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push({ text: g.text.slice(from), kinds: g.kinds.subarray(from) });
  return parts;
}

function arnMatch(pattern: Glob, value: string): boolean {
  const pat = arnParts(pattern);
  if (!pat || pat[0]!.text !== 'arn') return false;
  const vals = value.split(':');
  if (vals.length < 6) return false;
  const last = vals.slice(5).join(':');
  for (let i = 0; i < 5; i++) if (!globMatch(pat[i]!, vals[i]!)) return false;
  return globMatch(pat[5]!, last);
}

/** True when one request value matches one policy value (before negation). */
export function testValue(def: OperatorDef, value: string, compiled: CompiledValue, keys: ContextKeys): boolean {
  switch (compiled.type) {
    case 'template': {
      const g = resolveTemplate(compiled.template, keys);
      if (g === undefined) return false;
      if (def.kind === 'string') return value === g.text;
      if (def.kind === 'stringIgnoreCase') return value.toLowerCase() === g.text.toLowerCase();
      if (def.kind === 'stringLike') return globMatch(g, value);
      return arnMatch(g, value);
    }
    case 'number': {
      if (compiled.value === undefined) return false;
      const v = def.kind === 'date' ? parseDate(value) : parseNumber(value);
      return v !== undefined && compare(def.cmp, v, compiled.value);
    }
    case 'cidr': {
      if (compiled.block === undefined) return false;
      const addr = parseIp(value.trim());
      return addr !== undefined && cidrContains(compiled.block, addr);
    }
    case 'text':
      return def.kind === 'bool' ? value.toLowerCase() === compiled.text : value === compiled.text;
  }
}
