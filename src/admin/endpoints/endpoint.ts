/** What one admin endpoint gets and returns; the listener (admin-listener.ts) does the rest. */
import type { AccountAdmin } from '../account-admin.js';
import type { AdminBackend } from '../admin-backend.js';
import type { AdminRoute } from '../admin-router.js';
import type {
  BgHealStateDocument, BucketQuotaDocument, DataUsageInfoDocument, HealStartDocument, HealTaskStatusDocument, InfoDocument,
  KmsAccountKeyDocument, KmsKeyCreateDocument, KmsKeyListDocument, KmsKeyStatusDocument, KmsStatusDocument,
  AccountCreatedDocument, AccountDoc, AccountListDocument, AccountRemovedDocument, KmsKeyRotateDocument, KmsResealStatusDocument,
} from '../wire-types.js';

export interface AdminRequest {
  readonly route: AdminRoute;
  /** The verified request body ('' when the operation reads none). */
  readonly body: string;
  /** The Host header the client sent. */
  readonly host: string;
  readonly clientAddress: string;
}

export type AdminDocument =
  | InfoDocument | BgHealStateDocument | HealStartDocument | HealTaskStatusDocument | DataUsageInfoDocument | BucketQuotaDocument
  | KmsStatusDocument | KmsKeyStatusDocument | KmsKeyCreateDocument | KmsKeyListDocument
  | AccountCreatedDocument | AccountDoc | AccountListDocument | AccountRemovedDocument | KmsAccountKeyDocument
  | KmsKeyRotateDocument | KmsResealStatusDocument;

export interface AdminResponse {
  readonly status: number;
  readonly document: AdminDocument;
}

export type AdminEndpoint = (req: AdminRequest, backend: AdminBackend, accounts?: AccountAdmin) => Promise<AdminResponse> | AdminResponse;
