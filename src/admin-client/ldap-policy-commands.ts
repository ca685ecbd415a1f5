/**
 * `cairn admin idp ldap policy attach POLICY... --user DN | --group DN`, `... detach POLICY...
 * --user DN | --group DN` and `... entities [--user DN] [--group DN] [--policy P]` (MinIO's
 * `mc idp ldap policy attach|detach|entities`), over the admin API's idp/ldap paths.
 */
import type { PolicyAssociationDocument, PolicyEntitiesDocument } from '../admin/wire-types.js';
import { UsageError } from './admin-args.js';
import { callAdmin, type AdminConnection } from './admin-http.js';

export type LdapPolicyCommand = 'ldap-policy-attach' | 'ldap-policy-detach' | 'ldap-policy-entities';

export interface LdapPolicyArgs {
  readonly command: LdapPolicyCommand;
  readonly policies: readonly string[];
  readonly user?: string;
  readonly group?: string;
  /** entities --policy. */
  readonly policy?: string;
}

const USAGE = 'usage: cairn admin idp ldap policy attach|detach POLICY... --user DN | --group DN; idp ldap policy entities [--user DN] [--group DN] [--policy P]';

/** `idp ldap policy ...` words (flags taken out) and the --user / --group / --policy values. */
export function ldapPolicyArgs(words: readonly string[], flags: { user?: string | undefined; group?: string | undefined; policy?: string | undefined }): LdapPolicyArgs {
  const [, ldap, policy, sub, ...names] = words;
  if (ldap !== 'ldap' || policy !== 'policy') throw new UsageError(USAGE);
  const who = { ...(flags.user !== undefined ? { user: flags.user } : {}), ...(flags.group !== undefined ? { group: flags.group } : {}) };
  if (sub === 'entities') {
    if (names.length > 0) throw new UsageError(USAGE);
    return { command: 'ldap-policy-entities', policies: [], ...who, ...(flags.policy !== undefined ? { policy: flags.policy } : {}) };
  }
  if (sub !== 'attach' && sub !== 'detach') throw new UsageError(USAGE);
  if (flags.policy !== undefined) throw new UsageError(`--policy goes with "idp ldap policy entities"; ${sub} takes the policies as words. ${USAGE}`);
  if (names.length === 0) throw new UsageError(`${sub} needs at least one policy name. ${USAGE}`);
  if ((flags.user === undefined) === (flags.group === undefined)) throw new UsageError(`${sub} needs exactly one of --user DN or --group DN`);
  return { command: sub === 'attach' ? 'ldap-policy-attach' : 'ldap-policy-detach', policies: names, ...who };
}

function entitiesText(doc: PolicyEntitiesDocument): string {
  const lines: string[] = [];
  for (const u of doc.userMappings ?? []) lines.push(`User:   ${u.user}\n  ${u.policies.join('\n  ')}`);
  for (const g of doc.groupMappings ?? []) lines.push(`Group:  ${g.group}\n  ${g.policies.join('\n  ')}`);
  for (const p of doc.policyMappings ?? []) {
    lines.push(`Policy: ${p.policy}${p.users.map((u) => `\n  user  ${u}`).join('')}${p.groups.map((g) => `\n  group ${g}`).join('')}`);
  }
  return lines.length === 0 ? 'No LDAP policy mappings.\n' : `${lines.join('\n')}\n`;
}

export async function runLdapPolicyCommand(conn: AdminConnection, args: LdapPolicyArgs, io: { out: (t: string) => void; json: boolean }): Promise<number> {
  const print = (doc: unknown, text: string): void => io.out(io.json ? `${JSON.stringify(doc, null, 2)}\n` : text);
  if (args.command === 'ldap-policy-entities') {
    const query: Record<string, string> = {
      ...(args.user !== undefined ? { user: args.user } : {}), ...(args.group !== undefined ? { group: args.group } : {}),
      ...(args.policy !== undefined ? { policy: args.policy } : {}),
    };
    const doc = await callAdmin(conn, { method: 'GET', path: '/minio/admin/v3/idp/ldap/policy-entities', query }) as PolicyEntitiesDocument;
    print(doc, entitiesText(doc));
    return 0;
  }
  const attach = args.command === 'ldap-policy-attach';
  const body = { policies: args.policies, ...(args.user !== undefined ? { user: args.user } : { group: args.group }) };
  const doc = await callAdmin(conn, { method: 'POST', path: `/minio/admin/v3/idp/ldap/policy/${attach ? 'attach' : 'detach'}`, body }) as PolicyAssociationDocument;
  const changed = (attach ? doc.policiesAttached : doc.policiesDetached) ?? [];
  const who = args.user !== undefined ? `user ${args.user}` : `group ${args.group ?? ''}`;
  print(doc, `${attach ? 'Attached' : 'Detached'} ${changed.join(', ')} ${attach ? 'to' : 'from'} ${who}\n`);
  return 0;
}
