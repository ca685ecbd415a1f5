/**
 * TagUser, UntagUser, ListUserTags, TagRole, UntagRole, ListRoleTags;
 * Put/Delete User|Role PermissionsBoundary.
 */
import { IamError } from '../store/iam-errors.js';
import type { RoleRecord, UserRecord } from '../store/iam-records.js';
import { ENTITY, entityResource, requireEntity, type EntityShape } from './entities.js';
import { cachedDoc, pageTail, paginate, type IamOperation } from './iam-operation.js';
import { members, el } from './iam-xml.js';
import { checkTags, mergeTags } from './tag-rules.js';
import { checkBoundary } from './users.js';

type Tagged = UserRecord | RoleRecord;

function operations(shape: EntityShape): Record<string, IamOperation> {
  const resource = (call: Parameters<IamOperation['resource']>[0]): string => entityResource(call, shape);
  const entity = (doc: Parameters<typeof requireEntity>[0], name: string): Tagged => requireEntity(doc, shape.kind, name) as Tagged;
  const tag: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      const tags = checkTags(call.params.tags('Tags'));
      await call.store.mutate(call.accountId, (doc) => { const e = entity(doc, name); e.tags = mergeTags(e.tags, tags); });
      return undefined;
    },
  };
  const untag: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      const keys = call.params.list('TagKeys').map((k) => k.toLowerCase());
      await call.store.mutate(call.accountId, (doc) => { const e = entity(doc, name); e.tags = e.tags.filter((t) => !keys.includes(t.Key.toLowerCase())); });
      return undefined;
    },
  };
  const list: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      const page = paginate(call.params, entity(cachedDoc(call), name).tags, (t) => t.Key);
      return members('Tags', page.items.map((t) => el('Key', t.Key) + el('Value', t.Value))) + pageTail(page);
    },
  };
  const putBoundary: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      const arn = call.params.required('PermissionsBoundary', { min: 20, max: 2048 });
      await call.store.mutate(call.accountId, (doc) => { const e = entity(doc, name); checkBoundary(doc, arn); e.boundaryArn = arn; });
      return undefined;
    },
  };
  const deleteBoundary: IamOperation = {
    resource,
    async run(call) {
      const name = call.params.required(shape.field, shape.rule);
      await call.store.mutate(call.accountId, (doc) => {
        const e = entity(doc, name);
        if (e.boundaryArn === undefined) throw new IamError('NoSuchEntity', `The ${shape.kind} with name ${name} has no permissions boundary.`);
        delete e.boundaryArn;
      });
      return undefined;
    },
  };
  const t = shape.title;
  return {
    [`Tag${t}`]: tag, [`Untag${t}`]: untag, [`List${t}Tags`]: list,
    [`Put${t}PermissionsBoundary`]: putBoundary, [`Delete${t}PermissionsBoundary`]: deleteBoundary,
  };
}

export const TAG_AND_BOUNDARY_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  ...operations(ENTITY.user), ...operations(ENTITY.role),
};
