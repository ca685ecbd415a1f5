/**
 * Managed policies for the admin API (MinIO's canned policies), by name. Creating, versioning,
 * attaching and detaching run the IAM API's actions (CreatePolicy, CreatePolicyVersion,
 * Attach/DetachUser|GroupPolicy, DeletePolicyVersion, DeletePolicy), so documents are validated
 * and counted as IAM does. `policy create` on an existing name makes the document the new
 * default version (the oldest other version goes when 5 exist), as `mc admin policy create`
 * replaces a policy.
 */
import type { EntitiesFilter, PolicyAssociationInput } from '../admin/identity-admin.js';
import type { IamPolicyDoc, IamPolicyEntitiesDocument } from '../admin/iam-wire-types.js';
import { MAX_VERSIONS } from '../iam/api/managed-policies.js';
import { policyUsage } from '../iam/api/render-entities.js';
import { requireUser } from '../iam/api/users.js';
import { IamError, type AccountDocument, type IamStore, type ManagedPolicyRecord } from '../iam/store/index.js';
import { noSuchEntity } from '../iam/store/iam-errors.js';
import { parsePolicyArn, policyArn } from '../iam/store/iam-ids.js';
import { defaultDocument } from '../iam/store/principal-policies.js';
import { accountDoc, type IamActionRunner } from './iam-action-runner.js';

const arnOf = (doc: AccountDocument, p: ManagedPolicyRecord): string => policyArn(doc.account.id, p.path, p.name);

function requirePolicyNamed(doc: AccountDocument, name: string): ManagedPolicyRecord {
  const p = doc.policies[name];
  if (p === undefined) throw noSuchEntity('policy', name);
  return p;
}

/** Names of the managed policies in an entity's `attached` ARNs (of this account). */
export function attachedNames(attached: readonly string[]): string[] {
  return attached.map((arn) => parsePolicyArn(arn)?.name ?? arn);
}

function parsedDocument(text: string): unknown {
  try { return JSON.parse(text) as unknown; } catch { return text; }
}

export function policyDoc(doc: AccountDocument, p: ManagedPolicyRecord): IamPolicyDoc {
  const arn = arnOf(doc, p);
  return {
    accountId: doc.account.id, policyName: p.name, arn, createDate: p.createDate, updateDate: p.updateDate,
    defaultVersion: p.defaultVersion, policy: parsedDocument(defaultDocument(p)),
    users: Object.values(doc.users).filter((u) => u.attached.includes(arn)).map((u) => u.name).sort(),
    groups: Object.values(doc.groups).filter((g) => g.attached.includes(arn)).map((g) => g.name).sort(),
  };
}

export function policyAdmin(store: IamStore, run: IamActionRunner) {
  return {
    async addPolicy(accountId: string, name: string, text: string): Promise<IamPolicyDoc> {
      const held = accountDoc(store, accountId).policies[name];
      if (held === undefined) {
        await run(accountId, 'CreatePolicy', { PolicyName: name, PolicyDocument: text });
      } else {
        const arn = arnOf(accountDoc(store, accountId), held);
        if (held.versions.length >= MAX_VERSIONS) {
          const oldest = held.versions.find((v) => v.id !== held.defaultVersion)!;
          await run(accountId, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: oldest.id });
        }
        await run(accountId, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: text, SetAsDefault: 'true' });
      }
      const doc = accountDoc(store, accountId);
      return policyDoc(doc, requirePolicyNamed(doc, name));
    },
    listPolicies(accountId: string): IamPolicyDoc[] {
      const doc = accountDoc(store, accountId);
      return Object.values(doc.policies).sort((a, b) => a.name.localeCompare(b.name)).map((p) => policyDoc(doc, p));
    },
    policyInfo(accountId: string, name: string): IamPolicyDoc {
      const doc = accountDoc(store, accountId);
      return policyDoc(doc, requirePolicyNamed(doc, name));
    },
    async removePolicy(accountId: string, name: string): Promise<void> {
      const doc = accountDoc(store, accountId);
      const p = requirePolicyNamed(doc, name);
      const arn = arnOf(doc, p);
      const usage = policyUsage(doc, arn);
      if (usage.attachments > 0) throw new IamError('DeleteConflict', `The policy ${name} is attached to users or groups: detach it first.`);
      if (usage.boundaries > 0) throw new IamError('DeleteConflict', `The policy ${name} is a permissions boundary: remove the boundary first.`);
      for (const v of p.versions.filter((x) => x.id !== p.defaultVersion)) {
        await run(accountId, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: v.id });
      }
      await run(accountId, 'DeletePolicy', { PolicyArn: arn });
    },
    async associatePolicies(accountId: string, input: PolicyAssociationInput, attach: boolean): Promise<string[]> {
      const doc = accountDoc(store, accountId);
      const isUser = input.user !== undefined;
      const entity = isUser ? requireUser(doc, input.user!) : doc.groups[input.group!];
      if (entity === undefined) throw noSuchEntity('group', input.group!);
      const arns = input.policies.map((n) => arnOf(doc, requirePolicyNamed(doc, n)));
      const changed: string[] = [];
      for (const [i, arn] of arns.entries()) {
        if (entity.attached.includes(arn) === attach) continue;
        const action = `${attach ? 'Attach' : 'Detach'}${isUser ? 'User' : 'Group'}Policy`;
        await run(accountId, action, { PolicyArn: arn, ...(isUser ? { UserName: input.user! } : { GroupName: input.group! }) });
        changed.push(input.policies[i]!);
      }
      return changed;
    },
    policyEntities(accountId: string, filter: EntitiesFilter): Omit<IamPolicyEntitiesDocument, 'accountId'> {
      const doc = accountDoc(store, accountId);
      const wanted = (list: readonly string[], name: string): boolean => list.length === 0 || list.includes(name);
      const all = filter.users.length + filter.groups.length + filter.policies.length === 0;
      const users = Object.values(doc.users).filter((u) => (all || filter.users.includes(u.name)) && u.attached.length > 0)
        .sort((a, b) => a.name.localeCompare(b.name)).map((u) => ({ user: u.name, policies: attachedNames(u.attached) }));
      const groups = Object.values(doc.groups).filter((g) => (all || filter.groups.includes(g.name)) && g.attached.length > 0)
        .sort((a, b) => a.name.localeCompare(b.name)).map((g) => ({ group: g.name, policies: attachedNames(g.attached) }));
      const policies = Object.values(doc.policies).filter((p) => (all || filter.policies.length > 0) && wanted(filter.policies, p.name))
        .sort((a, b) => a.name.localeCompare(b.name)).map((p) => {
          const d = policyDoc(doc, p);
          return { policy: p.name, users: d.users, groups: d.groups };
        });
      return {
        userMappings: all || filter.users.length > 0 ? users : [],
        groupMappings: all || filter.groups.length > 0 ? groups : [],
        policyMappings: policies,
      };
    },
  };
}
