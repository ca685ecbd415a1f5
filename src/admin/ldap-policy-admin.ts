/**
 * What the admin API's LDAP policy endpoints read and change (MinIO's `idp/ldap/policy/attach`,
 * `detach` and `policy-entities`), and their JSON documents: madmin's PolicyAssociationReq /
 * PolicyAssociationResp / PolicyEntitiesResult, sent plain (MinIO encrypts these bodies with
 * the caller's secret key; Cairn's admin API is JSON over TLS like its other endpoints).
 * compose/ldap-policy-admin.ts implements it over the IAM store.
 */

/** POST idp/ldap/policy/attach|detach body: exactly one of user / group. */
export interface PolicyAssociationRequest {
  readonly policies: readonly string[];
  readonly user?: string;
  readonly group?: string;
}

/** The answer of attach / detach. */
export interface PolicyAssociationDocument {
  readonly policiesAttached?: readonly string[];
  readonly policiesDetached?: readonly string[];
  readonly updatedAt: string;
}

export interface UserPolicyEntitiesDoc { readonly user: string; readonly policies: readonly string[] }
export interface GroupPolicyEntitiesDoc { readonly group: string; readonly policies: readonly string[] }
export interface PolicyEntitiesDoc { readonly policy: string; readonly users: readonly string[]; readonly groups: readonly string[] }

/** GET idp/ldap/policy-entities. */
export interface PolicyEntitiesDocument {
  readonly timestamp: string;
  readonly userMappings?: readonly UserPolicyEntitiesDoc[];
  readonly groupMappings?: readonly GroupPolicyEntitiesDoc[];
  readonly policyMappings?: readonly PolicyEntitiesDoc[];
}

/** policy-entities filters (repeatable query parameters user, group, policy); all empty: everything. */
export interface PolicyEntitiesQuery {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly policies: readonly string[];
}

export type PolicyAssociationOutcome =
  | { readonly changed: readonly string[]; readonly updatedAt: string }
  /** attach: a named policy does not exist. */
  | { readonly noSuchPolicy: string };

export interface LdapPolicyAdmin {
  attach(req: PolicyAssociationRequest): Promise<PolicyAssociationOutcome>;
  detach(req: PolicyAssociationRequest): Promise<PolicyAssociationOutcome>;
  entities(q: PolicyEntitiesQuery): PolicyEntitiesDocument;
}
