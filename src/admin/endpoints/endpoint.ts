/** What one admin endpoint gets and returns; the listener (admin-listener.ts) does the rest. */
import type { AccountAdmin } from '../account-admin.js';
import type { AdminBackend } from '../admin-backend.js';
import type { AdminRequestFacts } from '../admin-policy.js';
import type { AdminRoute } from '../admin-router.js';
import type { LdapPolicyAdmin, PolicyAssociationDocument, PolicyEntitiesDocument } from '../ldap-policy-admin.js';
import type { IdentityAdmin } from '../identity-admin.js';
import type { MinioIamDocument } from './minio-iam-types.js';
import type {
  BgHealStateDocument, BucketQuotaDocument, DataUsageInfoDocument, HealStartDocument, HealTaskStatusDocument, InfoDocument,
  KmsAccountKeyDocument, KmsKeyCreateDocument, KmsKeyListDocument, KmsKeyStatusDocument, KmsStatusDocument,
  AccountCreatedDocument, AccountDoc, AccountListDocument, AccountRemovedDocument, KmsKeyRotateDocument, KmsResealStatusDocument,
} from '../wire-types.js';
import type {
  IamAccessKeyCreatedDocument, IamAccessKeyDoc, IamAccessKeyListDocument, IamDoneDocument, IamGroupChangedDocument, IamGroupDoc, IamGroupListDocument,
  IamPolicyAssociationDocument, IamPolicyDoc, IamPolicyEntitiesDocument, IamPolicyListDocument, IamUserAddedDocument, IamUserDoc, IamUserListDocument,
} from '../iam-wire-types.js';

type IamAdminDocument =
  | IamAccessKeyCreatedDocument | IamAccessKeyDoc | IamAccessKeyListDocument | IamDoneDocument | IamGroupChangedDocument | IamGroupDoc
  | IamGroupListDocument | IamPolicyAssociationDocument | IamPolicyDoc | IamPolicyEntitiesDocument | IamPolicyListDocument
  | IamUserAddedDocument | IamUserDoc | IamUserListDocument;

export interface AdminRequest {
  readonly route: AdminRoute;
  /** The verified request body ('' when the operation reads none). */
  readonly body: string;
  /** The Host header the client sent. */
  readonly host: string;
  readonly clientAddress: string;
  /** The body as received (madmin-encrypted bodies are binary). */
  readonly rawBody?: Buffer;
  /** madmin.DecryptData with the signer's secret key (crypto/madmin-encrypt.ts). */
  readonly decrypt?: (data: Buffer) => Promise<Buffer>;
  /** Who signed the request (the IAM endpoints find the account they act in from it). */
  readonly accessKey?: string;
  readonly sessionToken?: string;
  /** Time, client address, user agent and transport: the condition keys of admin policies. */
  readonly facts?: AdminRequestFacts;
}

export type AdminDocument =
  | InfoDocument | BgHealStateDocument | HealStartDocument | HealTaskStatusDocument | DataUsageInfoDocument | BucketQuotaDocument
  | KmsStatusDocument | KmsKeyStatusDocument | KmsKeyCreateDocument | KmsKeyListDocument
  | AccountCreatedDocument | AccountDoc | AccountListDocument | AccountRemovedDocument | KmsAccountKeyDocument
  | PolicyAssociationDocument | PolicyEntitiesDocument
  | IamAdminDocument | MinioIamDocument
  | KmsKeyRotateDocument | KmsResealStatusDocument;

export interface AdminResponse {
  readonly status: number;
  readonly document: AdminDocument;
  /** Sent madmin-encrypted with the signer's secret key (crypto/madmin-encrypt.ts), as MinIO sends it. */
  readonly encrypted?: boolean;
}

export type AdminEndpoint = (
  req: AdminRequest, backend: AdminBackend, accounts?: AccountAdmin, identities?: IdentityAdmin, ldap?: LdapPolicyAdmin,
) => Promise<AdminResponse> | AdminResponse;
