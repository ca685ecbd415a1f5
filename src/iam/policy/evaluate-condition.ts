/**
 * Evaluates a statement's Condition block (AWS IAM User Guide, "Condition element",
 * "Condition operators" and "Single-valued vs. multivalued context keys"):
 *
 * - All operators, and all keys under one operator, must hold (AND); the values listed for one
 *   key are alternatives (OR).
 * - Key absent: a positive operator is false, a negated one (`StringNotEquals`, `NotIpAddress`,
 *   `ArnNotLike`...) true; `...IfExists` makes it true either way. `Null: true` holds exactly
 *   when the key is absent.
 * - `ForAnyValue:` holds when at least one request value passes (false for an absent or empty
 *   key); `ForAllValues:` when every request value passes (true for an absent or empty key).
 *   A request value "passes" when it matches one of the policy values, or for a negated
 *   operator when it matches none of them.
 * - Without a set prefix a multi-valued key holds when any value matches (negated: none does).
 */
import { testValue } from './condition-operators.js';
import type { CompiledCondition } from './policy-types.js';
import type { ContextKeys } from './request-context.js';

function matchesAny(c: CompiledCondition, value: string, keys: ContextKeys): boolean {
  for (const v of c.values) if (testValue(c.def, value, v, keys)) return true;
  return false;
}

function passes(c: CompiledCondition, value: string, keys: ContextKeys): boolean {
  return matchesAny(c, value, keys) !== c.def.negated;
}

function nullCondition(c: CompiledCondition, present: boolean): boolean {
  for (const v of c.values) {
    if (v.type !== 'text') continue;
    if (v.text === 'true' && !present) return true;
    if (v.text === 'false' && present) return true;
  }
  return false;
}

export function conditionHolds(c: CompiledCondition, keys: ContextKeys): boolean {
  const values = keys.get(c.key);
  const present = values !== undefined && values.length > 0;
  if (c.def.kind === 'null') return nullCondition(c, values !== undefined);
  if (c.set === 'any') {
    if (!present) return c.ifExists;
    for (const v of values) if (passes(c, v, keys)) return true;
    return false;
  }
  if (c.set === 'all') {
    if (!present) return true;
    for (const v of values) if (!passes(c, v, keys)) return false;
    return true;
  }
  if (!present) return c.def.negated || c.ifExists;
  if (c.def.negated) {
    for (const v of values) if (matchesAny(c, v, keys)) return false;
    return true;
  }
  for (const v of values) if (matchesAny(c, v, keys)) return true;
  return false;
}

export function conditionsHold(conditions: readonly CompiledCondition[], keys: ContextKeys): boolean {
  for (const c of conditions) if (!conditionHolds(c, keys)) return false;
  return true;
}
