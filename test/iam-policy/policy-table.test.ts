/**
 * Table-driven test of the policy engine (src/iam/policy): every case group is built from an
 * AWS documentation page (cited in the group) and runs each row through parse -> compile ->
 * evaluate, checking the decision and the statement that decided it. The malformed-policy
 * table checks AWS's MalformedPolicy wording.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EMPTY_POLICY_SET, PolicySet, createRequestContext, evaluatePolicies, parsePolicy, type PolicyKind,
} from '../../src/iam/policy/index.js';
import { MalformedPolicyError } from '../../src/errors/domain-errors.js';
import { A, ALICE, NOW, type CaseGroup, type PolicyJson, type Policies } from './policy-case.js';
import { EVALUATION_GROUPS } from './evaluation-cases.js';
import { CONDITION_GROUPS } from './condition-cases.js';
import { SET_AND_VARIABLE_GROUPS } from './variable-cases.js';
import { S3_GROUPS } from './s3-example-cases.js';
import { MALFORMED_CASES } from './malformed-cases.js';

const GROUPS: readonly CaseGroup[] = [...EVALUATION_GROUPS, ...CONDITION_GROUPS, ...SET_AND_VARIABLE_GROUPS, ...S3_GROUPS];

function setOf(docs: readonly PolicyJson[] | undefined, kind: PolicyKind, name: string): PolicySet | undefined {
  if (docs === undefined) return undefined;
  if (docs.length === 0) return EMPTY_POLICY_SET;
  return new PolicySet(docs.map((d, i) => parsePolicy(JSON.stringify(d), { kind, name: `${name}-${i}` })));
}

function compile(p: Policies): { identity?: PolicySet; resource?: PolicySet; boundary?: PolicySet; session?: PolicySet } {
  return {
    identity: setOf(p.identity, 'identity', 'identity'),
    resource: setOf(p.resource ? [p.resource] : undefined, 'resource', 'bucket-policy'),
    boundary: setOf(p.boundary, 'identity', 'boundary'),
    session: setOf(p.session, 'identity', 'session'),
  };
}

const caseCount = GROUPS.reduce((n, g) => n + g.rows.length, 0) + MALFORMED_CASES.length;

test(`the table holds at least 300 cases (${caseCount})`, () => {
  assert.ok(caseCount >= 300, `only ${caseCount} cases`);
  for (const g of GROUPS) assert.match(g.doc, /^https:\/\/docs\.aws\.amazon\.com\//, `${g.title} cites an AWS page`);
});

for (const group of GROUPS) {
  test(`${group.title} (${group.doc})`, async (t) => {
    const groupSets = compile(group.policies);
    for (const r of group.rows) {
      await t.test(r.name, () => {
        const sets = r.policies ? compile(r.policies) : groupSets;
        const principal = r.req.principal ?? ALICE;
        const resourceAccount = r.req.resourceAccount === null ? undefined : r.req.resourceAccount ?? A;
        const request = createRequestContext({
          action: r.req.action ?? 's3:GetObject',
          resource: r.req.resource ?? 'arn:aws:s3:::bucket/key',
          principal,
          resourceAccount,
          now: new Date(r.req.now ?? NOW),
          keys: r.req.keys,
        });
        const d = evaluatePolicies({ request, ...sets });
        assert.equal(d.effect, r.expect, `${r.name}: ${d.reason}`);
        assert.equal(d.allowed, r.expect === 'Allow');
        if (r.sid !== undefined) assert.equal(d.statements[0]?.sid, r.sid, `${r.name}: decided by ${JSON.stringify(d.statements)}`);
        if (r.expect === 'ExplicitDeny') assert.equal(d.statements.length, 1);
      });
    }
  });
}

test('malformed policies are rejected with AWS\'s MalformedPolicy wording (IAM and S3 docs)', async (t) => {
  for (const c of MALFORMED_CASES) {
    await t.test(c.name, () => {
      const text = typeof c.policy === 'string' ? c.policy : JSON.stringify(c.policy);
      assert.throws(() => parsePolicy(text, { kind: c.kind ?? 'resource' }), (err: unknown) => {
        assert.ok(err instanceof MalformedPolicyError, `${c.name}: ${String(err)}`);
        assert.equal(err.message, c.message);
        return true;
      });
    });
  }
});
