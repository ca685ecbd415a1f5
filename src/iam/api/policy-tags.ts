/**
 * TagPolicy, UntagPolicy, ListPolicyTags: the tags of a customer managed policy (AWS IAM API
 * Reference), with the tag rules of users and roles (tag-rules.ts). The policy is named by
 * `PolicyArn`; an unknown one is NoSuchEntity.
 */
import { cachedDoc, pageTail, paginate, type IamCall, type IamOperation } from './iam-operation.js';
import { el, members } from './iam-xml.js';
import { requireOwnPolicy, requirePolicy } from './managed-policies.js';
import { checkTags, mergeTags } from './tag-rules.js';

const POLICY_ARN = { min: 20, max: 2048 };
const arnOf = (call: IamCall): string => call.params.required('PolicyArn', POLICY_ARN);

const tagPolicy: IamOperation = {
  resource: arnOf,
  async run(call) {
    const arn = arnOf(call);
    const tags = checkTags(call.params.tags('Tags'));
    await call.store.mutate(call.accountId, (doc) => { const p = requireOwnPolicy(call, doc, arn, 'TagPolicy'); p.tags = mergeTags(p.tags, tags); });
    return undefined;
  },
};

const untagPolicy: IamOperation = {
  resource: arnOf,
  async run(call) {
    const arn = arnOf(call);
    const keys = call.params.list('TagKeys').map((k) => k.toLowerCase());
    await call.store.mutate(call.accountId, (doc) => {
      const p = requireOwnPolicy(call, doc, arn, 'UntagPolicy');
      p.tags = p.tags.filter((t) => !keys.includes(t.Key.toLowerCase()));
    });
    return undefined;
  },
};

const listPolicyTags: IamOperation = {
  resource: arnOf,
  async run(call) {
    const p = requirePolicy(cachedDoc(call), arnOf(call));
    const page = paginate(call.params, p.tags, (t) => t.Key);
    return members('Tags', page.items.map((t) => el('Key', t.Key) + el('Value', t.Value))) + pageTail(page);
  },
};

export const POLICY_TAG_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  TagPolicy: tagPolicy, UntagPolicy: untagPolicy, ListPolicyTags: listPolicyTags,
};
