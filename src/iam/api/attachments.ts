/** Attach/Detach User|Group|Role Policy and ListAttached User|Group|Role Policies. */
import { IamError } from '../store/iam-errors.js';
import { parsePolicyArn } from '../store/iam-ids.js';
import { ENTITY, entityResource, requireEntity, type EntityShape } from './entities.js';
import { cachedDoc, pageTail, paginate, type IamOperation } from './iam-operation.js';
import { el, members } from './iam-xml.js';
import { requirePolicy } from './managed-policies.js';

/** AWS's default quota of managed policies attached to one user, group or role. */
export const MAX_ATTACHED = 10;
const POLICY_ARN = { min: 20, max: 2048 };
const QUOTA_NAME = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' } as const;

function operations(shape: EntityShape): Record<string, IamOperation> {
  const resource = (call: Parameters<IamOperation['resource']>[0]): string => entityResource(call, shape);
  const attach: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      const arn = call.params.required('PolicyArn', POLICY_ARN);
      await call.store.mutate(call.accountId, (doc) => {
        const e = requireEntity(doc, shape.kind, name);
        requirePolicy(doc, arn);
        if (e.attached.includes(arn)) return;
        if (e.attached.length >= MAX_ATTACHED) throw new IamError('LimitExceeded', `Cannot exceed quota for ${QUOTA_NAME[shape.kind]}: ${MAX_ATTACHED}`);
        e.attached.push(arn);
      });
      return undefined;
    },
  };
  const detach: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      const arn = call.params.required('PolicyArn', POLICY_ARN);
      await call.store.mutate(call.accountId, (doc) => {
        const e = requireEntity(doc, shape.kind, name);
        if (!e.attached.includes(arn)) throw new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
        e.attached = e.attached.filter((a) => a !== arn);
      });
      return undefined;
    },
  };
  const list: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      const prefix = call.params.optional('PathPrefix', { min: 1, max: 512 }) ?? '/';
      const attached = requireEntity(cachedDoc(call), shape.kind, name).attached
        .map((arn) => ({ arn, parsed: parsePolicyArn(arn) }))
        .filter((a) => (a.parsed?.path ?? '/').startsWith(prefix));
      const page = paginate(call.params, attached, (a) => a.parsed?.name ?? a.arn);
      return members('AttachedPolicies', page.items.map((a) => el('PolicyName', a.parsed?.name ?? '') + el('PolicyArn', a.arn)))
        + pageTail(page);
    },
  };
  return {
    [`Attach${shape.title}Policy`]: attach, [`Detach${shape.title}Policy`]: detach, [`ListAttached${shape.title}Policies`]: list,
  };
}

export const ATTACHMENT_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  ...operations(ENTITY.user), ...operations(ENTITY.group), ...operations(ENTITY.role),
};
