/** Put/Get/List/Delete User|Group|Role Policy: inline policies (AWS IAM API Reference). */
import { IamError } from '../store/iam-errors.js';
import { ENTITY, entityResource, requireEntity, type EntityShape } from './entities.js';
import { NAME_RULE } from './iam-params.js';
import { cachedDoc, pageTail, paginate, type IamOperation } from './iam-operation.js';
import { el, escapeXml, members } from './iam-xml.js';
import { POLICY_DOCUMENT_RULE, checkInlineSize, validatePolicyDocument } from './policy-documents.js';
import { encodeDocument } from './render-entities.js';

const POLICY_NAME = NAME_RULE(128);

function missingPolicy(shape: EntityShape, name: string): IamError {
  return new IamError('NoSuchEntity', `The ${shape.kind} policy with name ${name} cannot be found.`);
}

function operations(shape: EntityShape): Record<string, IamOperation> {
  const resource = (call: Parameters<IamOperation['resource']>[0]): string => entityResource(call, shape);
  const put: IamOperation = {
    resource,
    async run(call) {
      const entity = call.params.required(shape.field, shape.rule);
      const name = call.params.required('PolicyName', POLICY_NAME);
      const text = call.params.required('PolicyDocument', POLICY_DOCUMENT_RULE);
      validatePolicyDocument(text, 'identity');
      await call.store.mutate(call.accountId, (doc) => {
        const e = requireEntity(doc, shape.kind, entity);
        checkInlineSize(shape.kind, entity, e.inline, name, text);
        e.inline[name] = text;
      });
      return undefined;
    },
  };
  const get: IamOperation = {
    resource,
    async run(call) {
      const entity = call.params.required(shape.field, shape.rule);
      const name = call.params.required('PolicyName', POLICY_NAME);
      const text = requireEntity(cachedDoc(call), shape.kind, entity).inline[name];
      if (text === undefined) throw missingPolicy(shape, name);
      return el(shape.field, entity) + el('PolicyName', name) + el('PolicyDocument', encodeDocument(text));
    },
  };
  const list: IamOperation = {
    resource,
    async run(call) {
      const entity = call.params.required(shape.field, shape.rule);
      const names = Object.keys(requireEntity(cachedDoc(call), shape.kind, entity).inline);
      const page = paginate(call.params, names, (n) => n);
      return members('PolicyNames', page.items.map(escapeXml)) + pageTail(page);
    },
  };
  const del: IamOperation = {
    resource,
    async run(call) {
      const entity = call.params.required(shape.field, shape.rule);
      const name = call.params.required('PolicyName', POLICY_NAME);
      await call.store.mutate(call.accountId, (doc) => {
        const e = requireEntity(doc, shape.kind, entity);
        if (e.inline[name] === undefined) throw missingPolicy(shape, name);
        delete e.inline[name];
      });
      return undefined;
    },
  };
  return {
    [`Put${shape.title}Policy`]: put, [`Get${shape.title}Policy`]: get,
    [`List${shape.title}Policies`]: list, [`Delete${shape.title}Policy`]: del,
  };
}

export const INLINE_POLICY_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  ...operations(ENTITY.user), ...operations(ENTITY.group), ...operations(ENTITY.role),
};
