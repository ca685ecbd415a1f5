/**
 * The compiled policies of a principal, from an account document: a user's identity policies
 * (its inline ones, its attached managed ones' default versions, and the same of each of its
 * groups, unless a group is disabled), a role's, a permissions boundary. Texts were validated when stored; one that no
 * longer parses (a parser change) fails closed: it becomes a Deny of everything, never an
 * ignored Deny.
 */
import { MalformedPolicyError } from '../../errors/domain-errors.js';
import { PolicySet, parsePolicy, type CompiledPolicy } from '../policy/index.js';
import { awsManagedPolicy } from './aws-managed-policies.js';
import { parsePolicyArn } from './iam-ids.js';
import type { AccountDocument, InlinePolicies, ManagedPolicyRecord } from './iam-records.js';

const DENY_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';

/** Compiles policy texts once per text (a cache per account revision). */
export class PolicyCompiler {
  readonly #cache = new Map<string, CompiledPolicy>();

  compile(text: string, name: string): CompiledPolicy {
    const key = `${name}\0${text}`;
    let hit = this.#cache.get(key);
    if (hit === undefined) {
      try {
        hit = parsePolicy(text, { kind: 'identity', name });
      } catch (err) {
        if (!(err instanceof MalformedPolicyError)) throw err;
        hit = parsePolicy(DENY_ALL, { kind: 'identity', name: `${name} (unreadable: denies everything)` });
      }
      this.#cache.set(key, hit);
    }
    return hit;
  }
}

/** The managed policy an ARN names in this account, or the AWS-managed one (aws-managed-policies.ts). */
export function managedPolicyOf(doc: AccountDocument, arn: string): ManagedPolicyRecord | undefined {
  const aws = awsManagedPolicy(arn);
  if (aws !== undefined) return aws;
  const parsed = parsePolicyArn(arn);
  if (parsed === undefined || parsed.accountId !== doc.account.id) return undefined;
  const p = doc.policies[parsed.name];
  return p !== undefined && p.path === parsed.path ? p : undefined;
}

export function defaultDocument(p: ManagedPolicyRecord): string {
  return p.versions.find((v) => v.id === p.defaultVersion)?.document ?? DENY_ALL;
}

function addOwn(out: CompiledPolicy[], c: PolicyCompiler, doc: AccountDocument, owner: string, own: { inline: InlinePolicies; attached: readonly string[] }): void {
  for (const [name, text] of Object.entries(own.inline)) out.push(c.compile(text, `${owner}/${name}`));
  for (const arn of own.attached) {
    const p = managedPolicyOf(doc, arn);
    if (p !== undefined) out.push(c.compile(defaultDocument(p), arn));
  }
}

export function userPolicies(c: PolicyCompiler, doc: AccountDocument, userName: string): PolicySet {
  const user = doc.users[userName];
  const out: CompiledPolicy[] = [];
  if (user === undefined) return new PolicySet(out);
  addOwn(out, c, doc, `user/${userName}`, user);
  for (const g of user.groups) {
    const group = doc.groups[g];
    if (group !== undefined && group.disabled !== true) addOwn(out, c, doc, `group/${g}`, group);
  }
  return new PolicySet(out);
}

export function rolePolicies(c: PolicyCompiler, doc: AccountDocument, roleName: string): PolicySet {
  const role = doc.roles[roleName];
  const out: CompiledPolicy[] = [];
  if (role !== undefined) addOwn(out, c, doc, `role/${roleName}`, role);
  return new PolicySet(out);
}

/** The boundary's policy set, undefined when none is set (or it names a policy that is gone: AWS keeps it). */
export function boundaryPolicies(c: PolicyCompiler, doc: AccountDocument, boundaryArn: string | undefined): PolicySet | undefined {
  if (boundaryArn === undefined) return undefined;
  const p = managedPolicyOf(doc, boundaryArn);
  return new PolicySet(p === undefined ? [c.compile(DENY_ALL, boundaryArn)] : [c.compile(defaultDocument(p), boundaryArn)]);
}
