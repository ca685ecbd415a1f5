/**
 * Managed policies and their versions: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy,
 * CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion,
 * SetDefaultPolicyVersion. At most 5 versions (v1, v2, ... never reused), one default.
 * AWS-managed policies (`arn:aws:iam::aws:policy/...`, store/aws-managed-policies.ts) can be
 * read and listed (Scope=AWS or All) but not changed: a change is AccessDenied, as for any
 * resource of another account.
 */
import { IamError } from '../store/iam-errors.js';
import { newUniqueId, parsePolicyArn, policyArn } from '../store/iam-ids.js';
import type { AccountDocument, ManagedPolicyRecord } from '../store/iam-records.js';
import { awsManagedPolicies, awsManagedPolicy } from '../store/aws-managed-policies.js';
import { managedPolicyOf } from '../store/principal-policies.js';
import { NAME_RULE, PATH_RULE } from './iam-params.js';
import { cachedDoc, pageTail, paginate, type IamCall, type IamOperation } from './iam-operation.js';
import { members, wrap } from './iam-xml.js';
import { POLICY_DOCUMENT_RULE, MANAGED_POLICY_MAX_CHARS, policyChars, validatePolicyDocument } from './policy-documents.js';
import { managedArn, policyUsage, policyVersionXml, policyXml } from './render-entities.js';
import { checkTags } from './tag-rules.js';

export const MAX_POLICIES = 1500;
export const MAX_VERSIONS = 5;
const POLICY_ARN = { min: 20, max: 2048 };
const VERSION_ID = { min: 2, max: 10, pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, patternText: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?' };

function checkSize(text: string): void {
  if (policyChars(text) > MANAGED_POLICY_MAX_CHARS) {
    throw new IamError('LimitExceeded', `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX_CHARS}`);
  }
}

export function requirePolicy(doc: AccountDocument, arn: string): ManagedPolicyRecord {
  const p = managedPolicyOf(doc, arn);
  if (p === undefined) {
    if (parsePolicyArn(arn) === undefined) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
    throw new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  }
  return p;
}

const arnOf = (call: IamCall): string => call.params.required('PolicyArn', POLICY_ARN);

/** requirePolicy for a change: an AWS-managed policy is refused (AccessDenied, as on AWS). */
export function requireOwnPolicy(call: IamCall, doc: AccountDocument, arn: string, action: string): ManagedPolicyRecord {
  if (awsManagedPolicy(arn) !== undefined) {
    const who = call.caller.principal.arn ?? call.caller.accessKey;
    throw new IamError('AccessDenied', `User: ${who} is not authorized to perform: iam:${action} on resource: policy ${arn}`);
  }
  return requirePolicy(doc, arn);
}

function versionOf(p: ManagedPolicyRecord, id: string, arn: string): ManagedPolicyRecord['versions'][number] {
  const v = p.versions.find((x) => x.id === id);
  if (v === undefined) throw new IamError('NoSuchEntity', `Policy ${arn} version ${id} does not exist or is not attachable.`);
  return v;
}

const createPolicy: IamOperation = {
  resource: (call) => policyArn(call.accountId, call.params.optional('Path', PATH_RULE) ?? '/', call.params.required('PolicyName', NAME_RULE(128))),
  async run(call) {
    const name = call.params.required('PolicyName', NAME_RULE(128));
    const path = call.params.optional('Path', PATH_RULE) ?? '/';
    const text = call.params.required('PolicyDocument', POLICY_DOCUMENT_RULE);
    const description = call.params.optional('Description', { max: 1000 });
    const tags = checkTags(call.params.tags('Tags'));
    validatePolicyDocument(text, 'identity');
    checkSize(text);
    const { doc, policy } = await call.store.mutate(call.accountId, (d, tools) => {
      if (d.policies[name] !== undefined) throw new IamError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`);
      if (Object.keys(d.policies).length >= MAX_POLICIES) throw new IamError('LimitExceeded', `Cannot exceed quota for PoliciesPerAccount: ${MAX_POLICIES}`);
      const now = tools.now.toISOString();
      const p: ManagedPolicyRecord = {
        name, id: newUniqueId('ANPA'), path, createDate: now, updateDate: now, defaultVersion: 'v1',
        versions: [{ id: 'v1', document: text, createDate: now }], nextVersion: 2, tags,
        ...(description !== undefined ? { description } : {}),
      };
      d.policies[name] = p;
      return { doc: d, policy: p };
    });
    return wrap('Policy', policyXml(doc, policy, false));
  },
};

const getPolicy: IamOperation = {
  resource: arnOf,
  async run(call) {
    const doc = cachedDoc(call);
    return wrap('Policy', policyXml(doc, requirePolicy(doc, arnOf(call)), true));
  },
};

const listPolicies: IamOperation = {
  resource: () => '*',
  async run(call) {
    const scope = call.params.raw('Scope') ?? 'All';
    if (!['All', 'AWS', 'Local'].includes(scope)) {
      throw new IamError('ValidationError', `1 validation error detected: Value '${scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`);
    }
    const onlyAttached = call.params.bool('OnlyAttached') ?? false;
    const prefix = call.params.optional('PathPrefix', { min: 1, max: 512 }) ?? '/';
    const doc = cachedDoc(call);
    const all = [...(scope === 'AWS' ? [] : Object.values(doc.policies)), ...(scope === 'Local' ? [] : awsManagedPolicies())];
    const chosen = all.filter((p) => p.path.startsWith(prefix) && (!onlyAttached || policyUsage(doc, managedArn(doc, p)).attachments > 0));
    const page = paginate(call.params, chosen, (p) => p.name);
    return members('Policies', page.items.map((p) => policyXml(doc, p, false))) + pageTail(page);
  },
};

const deletePolicy: IamOperation = {
  resource: arnOf,
  async run(call) {
    const arn = arnOf(call);
    await call.store.mutate(call.accountId, (doc) => {
      const p = requireOwnPolicy(call, doc, arn, 'DeletePolicy');
      const usage = policyUsage(doc, arn);
      if (usage.attachments > 0) throw new IamError('DeleteConflict', 'Cannot delete a policy attached to entities.');
      if (usage.boundaries > 0) throw new IamError('DeleteConflict', 'Cannot delete a policy used as a permissions boundary.');
      if (p.versions.length > 1) {
        throw new IamError('DeleteConflict', 'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
      }
      delete doc.policies[p.name];
    });
    return undefined;
  },
};

const createPolicyVersion: IamOperation = {
  resource: arnOf,
  async run(call) {
    const arn = arnOf(call);
    const text = call.params.required('PolicyDocument', POLICY_DOCUMENT_RULE);
    const setAsDefault = call.params.bool('SetAsDefault') ?? false;
    validatePolicyDocument(text, 'identity');
    checkSize(text);
    const { policy, version } = await call.store.mutate(call.accountId, (doc, tools) => {
      const p = requireOwnPolicy(call, doc, arn, 'CreatePolicyVersion');
      if (p.versions.length >= MAX_VERSIONS) {
        throw new IamError('LimitExceeded', `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
      }
      const v = { id: `v${p.nextVersion}`, document: text, createDate: tools.now.toISOString() };
      p.nextVersion++;
      p.versions.push(v);
      p.updateDate = v.createDate;
      if (setAsDefault) p.defaultVersion = v.id;
      return { policy: p, version: v };
    });
    return wrap('PolicyVersion', policyVersionXml(policy, version, false));
  },
};

const getPolicyVersion: IamOperation = {
  resource: arnOf,
  async run(call) {
    const arn = arnOf(call);
    const id = call.params.required('VersionId', VERSION_ID);
    const p = requirePolicy(cachedDoc(call), arn);
    return wrap('PolicyVersion', policyVersionXml(p, versionOf(p, id, arn), true));
  },
};

const listPolicyVersions: IamOperation = {
  resource: arnOf,
  async run(call) {
    const p = requirePolicy(cachedDoc(call), arnOf(call));
    const newestFirst = [...p.versions].reverse();
    const page = paginate(call.params, newestFirst, (v) => String(1e9 - Number(v.id.slice(1))).padStart(10, '0'));
    return members('Versions', page.items.map((v) => policyVersionXml(p, v, false))) + pageTail(page);
  },
};

const deletePolicyVersion: IamOperation = {
  resource: arnOf,
  async run(call) {
    const arn = arnOf(call);
    const id = call.params.required('VersionId', VERSION_ID);
    await call.store.mutate(call.accountId, (doc) => {
      const p = requireOwnPolicy(call, doc, arn, 'DeletePolicyVersion');
      versionOf(p, id, arn);
      if (p.defaultVersion === id) throw new IamError('DeleteConflict', 'Cannot delete the default version of a policy.');
      p.versions = p.versions.filter((v) => v.id !== id);
    });
    return undefined;
  },
};

const setDefaultPolicyVersion: IamOperation = {
  resource: arnOf,
  async run(call) {
    const arn = arnOf(call);
    const id = call.params.required('VersionId', VERSION_ID);
    await call.store.mutate(call.accountId, (doc, tools) => {
      const p = requireOwnPolicy(call, doc, arn, 'SetDefaultPolicyVersion');
      versionOf(p, id, arn);
      p.defaultVersion = id;
      p.updateDate = tools.now.toISOString();
    });
    return undefined;
  },
};

export const MANAGED_POLICY_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  CreatePolicy: createPolicy, GetPolicy: getPolicy, ListPolicies: listPolicies, DeletePolicy: deletePolicy,
  CreatePolicyVersion: createPolicyVersion, GetPolicyVersion: getPolicyVersion, ListPolicyVersions: listPolicyVersions,
  DeletePolicyVersion: deletePolicyVersion, SetDefaultPolicyVersion: setDefaultPolicyVersion,
};
