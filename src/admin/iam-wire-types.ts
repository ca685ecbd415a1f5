/**
 * The JSON documents of the IAM admin endpoints (endpoints/iam-*.ts) as `cairn admin` reads
 * them: users, groups, managed policies and access keys of one account. Field names follow
 * madmin-go's where MinIO has the same thing (status "enabled"/"disabled", policyName,
 * memberOf, parentUser, expiration); Cairn adds the account and the ARNs.
 */

export type EntityStatus = 'enabled' | 'disabled';

export interface IamUserDoc {
  readonly accountId: string;
  readonly userName: string;
  readonly arn: string;
  readonly userId: string;
  readonly createDate: string;
  readonly status: EntityStatus;
  /** Names of the attached managed policies. */
  readonly policyName: readonly string[];
  /** Names of the inline policies (made with the IAM API). */
  readonly inlinePolicies: readonly string[];
  readonly memberOf: readonly string[];
  /** The user's access key ids. */
  readonly accessKeys: readonly string[];
}

/** `user add NAME SECRET`: the user and the access key NAME it signs with. */
export interface IamUserAddedDocument extends IamUserDoc {
  readonly accessKey?: string;
}

export interface IamUserListDocument {
  readonly accountId: string;
  readonly users: readonly IamUserDoc[];
}

export interface IamGroupDoc {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly createDate: string;
  readonly status: EntityStatus;
  readonly members: readonly string[];
  readonly policy: readonly string[];
}

export interface IamGroupListDocument {
  readonly accountId: string;
  readonly groups: readonly IamGroupDoc[];
}

/** What update-group-members did: the group as it is now, or `removed` when the group was deleted. */
export interface IamGroupChangedDocument {
  readonly accountId: string;
  readonly group: string;
  readonly removed: boolean;
  readonly members: readonly string[];
}

export interface IamPolicyDoc {
  readonly accountId: string;
  readonly policyName: string;
  readonly arn: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly defaultVersion: string;
  /** The default version's document, parsed. */
  readonly policy: unknown;
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

export interface IamPolicyListDocument {
  readonly accountId: string;
  readonly policies: readonly IamPolicyDoc[];
}

/** attach / detach: what changed (MinIO's PolicyAssociationResp). */
export interface IamPolicyAssociationDocument {
  readonly accountId: string;
  readonly policiesAttached?: readonly string[];
  readonly policiesDetached?: readonly string[];
  readonly user?: string;
  readonly group?: string;
}

/** policy entities (MinIO's PolicyEntitiesResult). */
export interface IamPolicyEntitiesDocument {
  readonly accountId: string;
  readonly userMappings: readonly { readonly user: string; readonly policies: readonly string[] }[];
  readonly groupMappings: readonly { readonly group: string; readonly policies: readonly string[] }[];
  readonly policyMappings: readonly { readonly policy: string; readonly users: readonly string[]; readonly groups: readonly string[] }[];
}

export interface IamAccessKeyDoc {
  readonly accountId: string;
  readonly accessKey: string;
  /** The IAM user owning the key; absent for the account root's keys. */
  readonly parentUser?: string;
  readonly accountStatus: EntityStatus;
  readonly createDate: string;
  readonly expiration?: string;
}

export interface IamAccessKeyCreatedDocument extends IamAccessKeyDoc {
  readonly secretKey: string;
}

export interface IamAccessKeyListDocument {
  readonly accountId: string;
  readonly accessKeys: readonly IamAccessKeyDoc[];
}

/** remove-*, set-*-status: what was done to what. */
export interface IamDoneDocument {
  readonly accountId: string;
  readonly done: 'removed' | 'enabled' | 'disabled';
  readonly user?: string;
  readonly group?: string;
  readonly policyName?: string;
  readonly accessKey?: string;
}
