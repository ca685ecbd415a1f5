/**
 * The IAM commands of `cairn admin` (arguments: iam-args.ts): one signed call each to the
 * admin API's cairn/iam/* paths (admin/iam-routes.ts), then text (format-iam.ts) or the JSON
 * document with --json. Errors are the caller's (AdminClientError: exit 2, one line).
 */
import { readFile } from 'node:fs/promises';
import type {
  IamAccessKeyCreatedDocument, IamAccessKeyDoc, IamAccessKeyListDocument, IamDoneDocument, IamGroupChangedDocument, IamGroupDoc,
  IamGroupListDocument, IamPolicyAssociationDocument, IamPolicyDoc, IamPolicyEntitiesDocument, IamPolicyListDocument, IamUserAddedDocument,
  IamUserDoc, IamUserListDocument,
} from '../admin/iam-wire-types.js';
import { UsageError } from './admin-args.js';
import { callAdmin, type AdminCall, type AdminConnection } from './admin-http.js';
import type { IamArgs } from './iam-args.js';
import {
  formatAccessKey, formatAccessKeys, formatEntities, formatGroup, formatGroups, formatPolicies, formatPolicy, formatUser, formatUsers,
} from './format-iam.js';

const P = '/minio/admin/v3/cairn/iam';

export interface IamCommandIo {
  readonly out: (text: string) => void;
  readonly json: boolean;
}

interface Planned {
  readonly call: AdminCall;
  readonly text: (doc: never) => string;
}

function done(doc: IamDoneDocument): string {
  const what = doc.user !== undefined ? `User ${doc.user}` : doc.group !== undefined ? `Group ${doc.group}`
    : doc.policyName !== undefined ? `Policy ${doc.policyName}` : `Access key ${doc.accessKey ?? ''}`;
  return `${what} ${doc.done}\n`;
}

async function policyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the policy file ${path}: ${(err as Error).message}`);
  }
}

async function plan(a: IamArgs, key: { accessKey: string; secretKey: string } | undefined): Promise<Planned> {
  const [first = '', ...rest] = a.names;
  const get = (path: string, query: Record<string, string> = {}): AdminCall => ({ method: 'GET', path: `${P}/${path}`, query });
  const put = (path: string, query: Record<string, string>, body?: unknown): AdminCall => ({ method: 'PUT', path: `${P}/${path}`, query, ...(body !== undefined ? { body } : {}) });
  const del = (path: string, query: Record<string, string>): AdminCall => ({ method: 'DELETE', path: `${P}/${path}`, query });
  const status = (cmd: string): string => (cmd.endsWith('-enable') ? 'enabled' : 'disabled');
  switch (a.command) {
    case 'user-add': return {
      call: put('add-user', { user: first }, rest[0] !== undefined ? { secretKey: rest[0] } : {}),
      text: (d: IamUserAddedDocument) => `Added user ${d.userName}${d.accessKey !== undefined ? ` (access key ${d.accessKey})` : ''}\n`,
    };
    case 'user-list': return { call: get('list-users'), text: (d: IamUserListDocument) => formatUsers(d.users) };
    case 'user-info': return { call: get('user-info', { user: first }), text: (d: IamUserDoc) => formatUser(d) };
    case 'user-remove': return { call: del('remove-user', { user: first }), text: done };
    case 'user-enable': case 'user-disable': return { call: put('set-user-status', { user: first, status: status(a.command) }), text: done };
    case 'group-add': case 'group-remove': return {
      call: put('update-group-members', {}, { group: first, members: rest, isRemove: a.command === 'group-remove' }),
      text: (d: IamGroupChangedDocument) => (d.removed ? `Removed group ${d.group}\n`
        : `Group ${d.group}: ${a.command === 'group-add' ? 'added' : 'removed'} ${rest.join(', ')}; members now ${d.members.join(', ') || '-'}\n`),
    };
    case 'group-list': return { call: get('list-groups'), text: (d: IamGroupListDocument) => formatGroups(d.groups) };
    case 'group-info': return { call: get('group-info', { group: first }), text: (d: IamGroupDoc) => formatGroup(d) };
    case 'group-enable': case 'group-disable': return { call: put('set-group-status', { group: first, status: status(a.command) }), text: done };
    case 'policy-create': return {
      call: put('add-policy', { name: first }, JSON.parse(await jsonText(rest[0]!)) as unknown),
      text: (d: IamPolicyDoc) => `Created policy ${d.policyName} (default version ${d.defaultVersion})\n`,
    };
    case 'policy-list': return { call: get('list-policies'), text: (d: IamPolicyListDocument) => formatPolicies(d.policies) };
    case 'policy-info': return { call: get('policy-info', { name: first }), text: (d: IamPolicyDoc) => formatPolicy(d) };
    case 'policy-remove': return { call: del('remove-policy', { name: first }), text: done };
    case 'policy-attach': case 'policy-detach': {
      const attach = a.command === 'policy-attach';
      const who = a.user !== undefined ? { user: a.user } : { group: a.group };
      return {
        call: { method: 'POST', path: `${P}/${attach ? 'attach' : 'detach'}-policy`, query: {}, body: { policies: a.names, ...who } },
        text: (d: IamPolicyAssociationDocument) => `${attach ? 'Attached' : 'Detached'} ${(d.policiesAttached ?? d.policiesDetached ?? []).join(', ')} ${attach ? 'to' : 'from'} ${d.user !== undefined ? `user ${d.user}` : `group ${d.group ?? ''}`}\n`,
      };
    }
    case 'policy-entities': {
      const query = { ...(a.user !== undefined ? { user: a.user } : {}), ...(a.group !== undefined ? { group: a.group } : {}), ...(a.policy !== undefined ? { policy: a.policy } : {}) };
      return { call: get('policy-entities', query), text: (d: IamPolicyEntitiesDocument) => formatEntities(d) };
    }
    case 'accesskey-create': return {
      call: put('add-access-key', {}, {
        ...(a.user !== undefined ? { user: a.user } : {}), ...(key !== undefined ? key : {}), ...(a.expiration !== undefined ? { expiration: a.expiration } : {}),
      }),
      text: (d: IamAccessKeyCreatedDocument) => `Access key: ${d.accessKey}\nSecret key: ${d.secretKey}\nUser:       ${d.parentUser ?? '(account root)'}\n`
        + `Expires:    ${d.expiration ?? 'never'}\nKeep the secret key now: it is not shown again.\n`,
    };
    case 'accesskey-list': return { call: get('list-access-keys', a.user !== undefined ? { user: a.user } : {}), text: (d: IamAccessKeyListDocument) => formatAccessKeys(d.accessKeys) };
    case 'accesskey-info': return { call: get('access-key-info', { accessKey: first }), text: (d: IamAccessKeyDoc) => formatAccessKey(d) };
    case 'accesskey-remove': return { call: del('remove-access-key', { accessKey: first }), text: done };
    case 'accesskey-enable': case 'accesskey-disable': return { call: put('set-access-key-status', { accessKey: first, status: status(a.command) }), text: done };
  }
}

/** The policy file's text, checked to be JSON here (the server checks it is a policy). */
async function jsonText(path: string): Promise<string> {
  const text = await policyFile(path);
  try { JSON.parse(text); } catch { throw new UsageError(`the policy file ${path} is not JSON`); }
  return text;
}

export async function runIamCommand(conn: AdminConnection, a: IamArgs, key: { accessKey: string; secretKey: string } | undefined, io: IamCommandIo): Promise<number> {
  const planned = await plan(a, key);
  const query = { ...(planned.call.query ?? {}), ...(a.account !== undefined ? { account: a.account } : {}) };
  const doc = await callAdmin(conn, { ...planned.call, query });
  io.out(io.json ? `${JSON.stringify(doc, null, 2)}\n` : planned.text(doc as never));
  return 0;
}
