/**
 * Principal / NotPrincipal (AWS IAM User Guide, "AWS JSON policy elements: Principal",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 * `"*"`, or an object of `AWS` (account id, account root ARN, user / role / session ARN, `*`),
 * `Service`, `Federated`, `CanonicalUser`, each a string or a list. Wildcards are not allowed
 * inside a principal ("You cannot use a wildcard to match part of a principal name or ARN").
 * Anything else is "Invalid principal in policy".
 */
import { MalformedPolicyError } from '../../errors/domain-errors.js';
import { isObject, stringList } from './json-values.js';
import type { CompiledPrincipal } from './policy-types.js';

export const INVALID_PRINCIPAL = 'Invalid principal in policy';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:aws:iam::(\d{12}):root$/;
const IAM_ARN = /^arn:aws:(iam::\d{12}:(user|role)|sts::\d{12}:(assumed-role|federated-user))\/[\w+=,.@/-]+$/;

interface MutablePrincipal {
  everyone: boolean;
  arns: Set<string>;
  accounts: Set<string>;
  services: Set<string>;
  federated: Set<string>;
  canonicalUsers: Set<string>;
}

function addAws(p: MutablePrincipal, value: string): void {
  if (value === '*') { p.everyone = true; return; }
  if (ACCOUNT_ID.test(value)) { p.accounts.add(value); return; }
  const root = ROOT_ARN.exec(value);
  if (root) { p.accounts.add(root[1]!); return; }
  if (IAM_ARN.test(value)) { p.arns.add(value); return; }
  throw new MalformedPolicyError(INVALID_PRINCIPAL);
}

function addName(set: Set<string>, value: string): void {
  if (value === '' || /[*?\s]/.test(value)) throw new MalformedPolicyError(INVALID_PRINCIPAL);
  set.add(value);
}

export function parsePrincipal(raw: unknown): CompiledPrincipal {
  const p: MutablePrincipal = {
    everyone: false, arns: new Set(), accounts: new Set(), services: new Set(), federated: new Set(), canonicalUsers: new Set(),
  };
  if (raw === '*') { p.everyone = true; return p; }
  if (!isObject(raw) || Object.keys(raw).length === 0) throw new MalformedPolicyError(INVALID_PRINCIPAL);
  for (const [kind, value] of Object.entries(raw)) {
    const values = stringList(value, INVALID_PRINCIPAL);
    switch (kind) {
      case 'AWS': values.forEach((v) => addAws(p, v)); break;
      case 'Service': values.forEach((v) => addName(p.services, v)); break;
      case 'Federated': values.forEach((v) => addName(p.federated, v)); break;
      case 'CanonicalUser': values.forEach((v) => addName(p.canonicalUsers, v)); break;
      default: throw new MalformedPolicyError(INVALID_PRINCIPAL);
    }
  }
  return p;
}
