/**
 * LDAP policy mappings, on MinIO's paths (madmin AttachPolicyLDAP / DetachPolicyLDAP /
 * GetLDAPPolicyEntities), bodies plain JSON:
 *   POST idp/ldap/policy/attach   {"policies":[P...],"user":DN} or {"policies":[P...],"group":DN}
 *   POST idp/ldap/policy/detach   same body
 *   GET  idp/ldap/policy-entities[?user=DN][&group=DN][&policy=P] (each repeatable)
 * As MinIO: exactly one of user / group; an unknown policy is XMinioAdminNoSuchPolicy; a change
 * that changes nothing (all attached already / none attached) is
 * XMinioAdminPolicyChangeAlreadyApplied; without LDAP configured, XMinioIAMActionNotAllowed.
 */
import { AdminError } from '../admin-error.js';
import type { LdapPolicyAdmin, PolicyAssociationRequest } from '../ldap-policy-admin.js';
import type { AdminEndpoint, AdminRequest } from './endpoint.js';

function ldapOf(ldap: LdapPolicyAdmin | undefined): LdapPolicyAdmin {
  if (ldap === undefined) {
    throw new AdminError('XMinioIAMActionNotAllowed', 'LDAP policy mappings need an LDAP server configured (CAIRN_IDENTITY_LDAP_SERVER_ADDR).');
  }
  return ldap;
}

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export function parseAssociation(body: string): PolicyAssociationRequest {
  let doc: unknown;
  try { doc = JSON.parse(body); } catch { throw new AdminError('XMinioRequestBodyParse', 'The policy association body is not JSON.'); }
  const d = (typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : {}) as { policies?: unknown; user?: unknown; group?: unknown };
  if (!Array.isArray(d.policies) || d.policies.length === 0 || !d.policies.every(nonEmptyString)) {
    throw new AdminError('XMinioAdminInvalidArgument', 'policies must be a non-empty list of policy names.');
  }
  const user = d.user === undefined || d.user === '' ? undefined : d.user;
  const group = d.group === undefined || d.group === '' ? undefined : d.group;
  if ((user === undefined) === (group === undefined)) {
    throw new AdminError('XMinioAdminInvalidArgument', 'Exactly one of user or group (an LDAP DN) must be given.');
  }
  if ((user !== undefined && !nonEmptyString(user)) || (group !== undefined && !nonEmptyString(group))) {
    throw new AdminError('XMinioAdminInvalidArgument', 'user and group must be LDAP DNs (strings).');
  }
  const dn = (user ?? group) as string;
  if (!/^[^=,]+=[^=]/.test(dn.trim())) throw new AdminError('XMinioAdminInvalidArgument', `${JSON.stringify(dn)} is not an LDAP DN (attr=value,...).`);
  const policies = (d.policies as string[]).map((p) => p.trim());
  return { policies, ...(user !== undefined ? { user: user as string } : { group: group as string }) };
}

function isJson(text: string): boolean {
  try { JSON.parse(text); return true; } catch { return false; }
}

/**
 * The body as JSON text: plain JSON as sent by `cairn admin`, or madmin-encrypted with the
 * signer's secret key as `mc admin idp ldap policy attach` sends it (crypto/madmin-encrypt.ts).
 * Told apart by whether the body parses as JSON, not by its first byte: a sealed body starts
 * with a random salt, which is '{' one time in 256.
 */
async function associationText(req: AdminRequest): Promise<string> {
  if (isJson(req.body) || req.decrypt === undefined || req.rawBody === undefined || req.rawBody.length === 0) return req.body;
  return (await req.decrypt(req.rawBody)).toString('utf8');
}

function association(verb: 'attach' | 'detach'): AdminEndpoint {
  return async (req, _backend, _accounts, _identities, ldap) => {
    const input = parseAssociation(await associationText(req));
    const out = await ldapOf(ldap)[verb](input);
    if ('noSuchPolicy' in out) throw new AdminError('XMinioAdminNoSuchPolicy', `The canned policy ${out.noSuchPolicy} does not exist.`);
    if (out.changed.length === 0) {
      const who = input.user !== undefined ? `user ${input.user}` : `group ${input.group ?? ''}`;
      throw new AdminError('XMinioAdminPolicyChangeAlreadyApplied',
        `The specified policy change is already in effect: ${verb === 'attach' ? 'every policy is already attached to' : 'no policy given is attached to'} ${who}.`);
    }
    const changed = verb === 'attach' ? { policiesAttached: out.changed } : { policiesDetached: out.changed };
    return { status: 200, document: { ...changed, updatedAt: out.updatedAt } };
  };
}

export const ldapPolicyAttach = association('attach');
export const ldapPolicyDetach = association('detach');

export const ldapPolicyEntities: AdminEndpoint = (req, _backend, _accounts, _identities, ldap) => ({
  status: 200,
  document: ldapOf(ldap).entities(req.route.entities ?? { users: [], groups: [], policies: [] }),
});
