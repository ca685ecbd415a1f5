/**
 * The Condition element: `{ operator: { key: value | [values] } }`. Operator names may carry a
 * set prefix (`ForAnyValue:`, `ForAllValues:`) and an `IfExists` suffix (not on Null). An
 * unknown operator is "Invalid Condition type : <name>" and a key without a `service:` prefix
 * "Policy has an invalid condition key", as S3 answers PutBucketPolicy.
 */
import { MalformedPolicyError } from '../../errors/domain-errors.js';
import { OPERATORS, compileValue } from './condition-operators.js';
import { INVALID_SYNTAX, conditionValues, expectObject } from './json-values.js';
import type { CompiledCondition } from './policy-types.js';

/** `service:key`; web identity keys are `<issuer host/path>:sub` (`oidc.eks.us-east-1.amazonaws.com/id/X:sub`). */
const CONDITION_KEY = /^[A-Za-z0-9./-]+:[^\s]+$/;

interface OperatorName {
  readonly base: string;
  readonly set: 'none' | 'any' | 'all';
  readonly ifExists: boolean;
}

function splitOperator(name: string): OperatorName {
  let rest = name;
  let set: OperatorName['set'] = 'none';
  if (rest.startsWith('ForAnyValue:')) { set = 'any'; rest = rest.slice('ForAnyValue:'.length); }
  else if (rest.startsWith('ForAllValues:')) { set = 'all'; rest = rest.slice('ForAllValues:'.length); }
  const ifExists = rest.endsWith('IfExists') && rest !== 'NullIfExists';
  return { base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, set, ifExists };
}

export function parseConditions(raw: unknown, variables: boolean): CompiledCondition[] {
  const block = expectObject(raw, INVALID_SYNTAX);
  const out: CompiledCondition[] = [];
  for (const [name, body] of Object.entries(block)) {
    const { base, set, ifExists } = splitOperator(name);
    const def = OPERATORS.get(base);
    if (def === undefined) throw new MalformedPolicyError(`Invalid Condition type : ${name}`);
    for (const [key, value] of Object.entries(expectObject(body, INVALID_SYNTAX))) {
      if (!CONDITION_KEY.test(key)) throw new MalformedPolicyError('Policy has an invalid condition key');
      const values = conditionValues(value).map((v) => compileValue(def, v, variables));
      out.push({ name, def, set, ifExists, key: key.toLowerCase(), values });
    }
  }
  return out;
}
