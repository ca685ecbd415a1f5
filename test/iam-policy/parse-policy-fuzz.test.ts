/**
 * Fuzz test of the policy parser: random policy-shaped JSON (every element given random types,
 * wildcards, variables, odd keys) and byte-level mutations of valid policies. Whatever the
 * input, `parsePolicy` returns a compiled policy or throws MalformedPolicyError - never another
 * error - and parse plus evaluation of what it accepted finishes quickly (no catastrophic
 * backtracking). Seeds are fixed and printed with any failure so a run can be replayed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { MalformedPolicyError } from '../../src/errors/domain-errors.js';
import { PolicySet, createRequestContext, evaluatePolicies, parsePolicy, type PolicyKind } from '../../src/iam/policy/index.js';
import { mulberry32 } from '../helpers/seeded-random.js';
import { ALICE, ANON, CAROL, SESSION } from './policy-case.js';
import { S3_GROUPS } from './s3-example-cases.js';
import { SET_AND_VARIABLE_GROUPS } from './variable-cases.js';

type Rand = () => number;
/** Generous for a loaded CI machine; catastrophic backtracking would take seconds. */
const MAX_MS = 1000;
const KINDS: readonly PolicyKind[] = ['identity', 'resource', 'trust'];
const ATOMS = [
  '*', '?', '', ' ', 's3:GetObject', 's3:*', 'iam:*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::*a*a*a*a*a*a*a*b', 'arn:aws:iam::111122223333:root',
  '111122223333', '${aws:username}', "${aws:username, 'x''y'}", '${', '${*}${?}${$}', '${a b}', '2012-10-17', '2008-10-17', 'Allow', 'Deny',
  '10.0.0.0/8', '2001:db8::/129', '::ffff:1.2.3.4', '1e309', '-0', 'NaN', 'true', '\u0000', '\ud800', '__proto__', 'constructor', 'é'.repeat(50),
];
const ACTIONS = ['*', 's3:GetObject', 's3:Get*', 's3:?et*', ['s3:PutObject', 'iam:*'], 'GetObject'];
const RESOURCES = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::*a*a*a*a*a*a*a*b', 'arn:aws:s3:::b/${aws:username}/*', ['arn:aws:s3:::b', '*'], 'b/*'];
const FIELDS = ['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition',
  'AWS', 'Service', 'Federated', 'CanonicalUser', '__proto__', 'constructor'];
const OPERATORS = ['StringEquals', 'StringLike', 'ForAnyValue:StringLike', 'ForAllValues:NumericLessThan', 'DateGreaterThanIfExists', 'IpAddress',
  'NotIpAddress', 'ArnLike', 'Null', 'Bool', 'BinaryEquals', 'StringNotEqualsIgnoreCase', 'NumericEqualsIfExists', 'Bogus', 'ForAllValues:'];
const KEYS = ['aws:SourceIp', 'aws:username', 's3:prefix', 'aws:PrincipalTag/x', 'aws:CurrentTime', 'aws:EpochTime', 'nokey', 'a:b c'];

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function randomValue(r: Rand, depth: number): unknown {
  const n = r();
  if (depth > 4 || n < 0.35) return pick(r, ATOMS);
  if (n < 0.45) return Math.floor(r() * 1e6) - 5e5;
  if (n < 0.5) return pick(r, [null, true, false, 1.5, -0]);
  if (n < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 4); i > 0; i--) o[pick(r, [...FIELDS, ...KEYS, ...OPERATORS])] = randomValue(r, depth + 1);
  return o;
}

function randomCondition(r: Rand): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  for (let i = 1 + Math.floor(r() * 3); i > 0; i--) {
    c[pick(r, OPERATORS)] = { [pick(r, KEYS)]: r() < 0.8 ? pick(r, ATOMS) : randomValue(r, 3) };
  }
  return c;
}

function randomStatement(r: Rand): unknown {
  if (r() < 0.03) return randomValue(r, 2);
  const st: Record<string, unknown> = {};
  const maybe = (k: string, v: () => unknown, p = 0.8): void => { if (r() < p) st[k] = v(); };
  maybe('Sid', () => (r() < 0.8 ? `S${Math.floor(r() * 4)}` : randomValue(r, 3)), 0.5);
  maybe('Effect', () => (r() < 0.9 ? pick(r, ['Allow', 'Deny']) : randomValue(r, 3)), 0.95);
  maybe(r() < 0.8 ? 'Action' : 'NotAction', () => (r() < 0.8 ? pick(r, ACTIONS) : randomValue(r, 3)), 0.95);
  maybe(r() < 0.8 ? 'Resource' : 'NotResource', () => (r() < 0.8 ? pick(r, RESOURCES) : randomValue(r, 3)), 0.95);
  maybe(r() < 0.8 ? 'Principal' : 'NotPrincipal', () => (r() < 0.5 ? '*' : { [pick(r, ['AWS', 'Service', 'CanonicalUser', 'X'])]: pick(r, ATOMS) }), 0.5);
  maybe('Condition', () => (r() < 0.85 ? randomCondition(r) : randomValue(r, 3)), 0.4);
  if (r() < 0.03) st[pick(r, FIELDS)] = randomValue(r, 3);
  return st;
}

function randomDocument(r: Rand): string {
  const doc: Record<string, unknown> = {};
  if (r() < 0.9) doc['Version'] = r() < 0.9 ? pick(r, ['2012-10-17', '2008-10-17']) : randomValue(r, 3);
  if (r() < 0.2) doc['Id'] = randomValue(r, 3);
  if (r() < 0.95) doc['Statement'] = r() < 0.8 ? Array.from({ length: 1 + Math.floor(r() * 4) }, () => randomStatement(r)) : randomStatement(r);
  if (r() < 0.03) doc[pick(r, FIELDS)] = randomValue(r, 2);
  return JSON.stringify(doc);
}

function mutate(r: Rand, text: string): string {
  let s = text;
  for (let i = 1 + Math.floor(r() * 4); i > 0; i--) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 3));
    else if (op < 0.6) s = s.slice(0, at) + pick(r, ['{', '}', '[', ']', '"', ',', ':', '*', '$', '\\', 'null', '0', '${']) + s.slice(at);
    else if (op < 0.8) s = s.slice(0, at) + s.slice(at, at + 20).repeat(1 + Math.floor(r() * 3)) + s.slice(at + 20);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0xffff)) + s.slice(at + 1);
  }
  return s;
}

/** Parses with every kind and evaluates what is accepted; fails on any non-MalformedPolicy error or a slow run. */
function exercise(text: string, label: string): number {
  let accepted = 0;
  for (const kind of KINDS) {
    const started = performance.now();
    try {
      const policy = parsePolicy(text, { kind });
      accepted++;
      const set = new PolicySet([policy]);
      for (const principal of [ALICE, ANON, CAROL, SESSION]) {
        const request = createRequestContext({
          action: 's3:GetObject', resource: `arn:aws:s3:::b/${'a'.repeat(200)}`, principal, resourceAccount: '111122223333',
          now: new Date('2026-06-01T00:00:00Z'), keys: { 'aws:SourceIp': '10.1.2.3', 's3:prefix': 'a'.repeat(300), 'aws:TagKeys': ['x', 'y'] },
        });
        const d = kind === 'identity' ? evaluatePolicies({ request, identity: set }) : evaluatePolicies({ request, resource: set });
        assert.equal(typeof d.allowed, 'boolean');
      }
    } catch (err) {
      if (!(err instanceof MalformedPolicyError)) assert.fail(`${label} (${kind}) threw ${String(err)} for ${JSON.stringify(text).slice(0, 300)}`);
      assert.ok(err.message.length > 0);
    }
    const ms = performance.now() - started;
    assert.ok(ms < MAX_MS, `${label} (${kind}) took ${ms.toFixed(1)} ms`);
  }
  return accepted;
}

const SEEDS = [...S3_GROUPS, ...SET_AND_VARIABLE_GROUPS].flatMap((g) => [g.policies.resource, ...(g.policies.identity ?? [])])
  .filter((p) => p !== undefined).map((p) => JSON.stringify(p));

test('fuzz: random policy-shaped documents only ever raise MalformedPolicyError', () => {
  const seed = 0x5eed01;
  const r = mulberry32(seed);
  let accepted = 0;
  for (let i = 0; i < 4000; i++) accepted += exercise(randomDocument(r), `seed ${seed} #${i}`);
  // The generator is not so hostile that nothing parses: some documents are valid and evaluated.
  assert.ok(accepted > 200, `only ${accepted} documents were accepted`);
});

test('fuzz: byte mutations of valid policies only ever raise MalformedPolicyError', () => {
  const seed = 0x5eed02;
  const r = mulberry32(seed);
  assert.ok(SEEDS.length > 10);
  for (let i = 0; i < 4000; i++) exercise(mutate(r, pick(r, SEEDS)), `seed ${seed} #${i}`);
});

test('fuzz: non-JSON and hostile texts', () => {
  const texts = [
    '{'.repeat(100000), `${'['.repeat(50000)}`, `{"Statement":${'['.repeat(20000)}`, '{"a":1}'.repeat(1000), '\u0000{', '{"__proto__":{"Statement":[]}}',
    JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 2000 }, (_, i) => ({ Sid: `s${i}`, Effect: 'Allow', Action: '*', Resource: '*' })) }),
    JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::${'*a'.repeat(2000)}b` } }),
    JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::${'${'.repeat(5000)}` } }),
  ];
  texts.forEach((t, i) => exercise(t, `hostile #${i}`));
});
