/**
 * What the admin API's account endpoints read and change (accounts are tenants: each has its
 * root key pair, IAM identities and buckets). compose/account-admin.ts implements it over the
 * IAM store. Names and ids: `ref` is an account id (12 digits) or its name.
 */
import type { AccountCreatedDocument, AccountDoc } from './wire-types.js';

export type RemoveAccountOutcome = 'removed' | 'no-such-account' | 'cluster-account' | { readonly ownsBuckets: readonly string[] };

export interface AccountInput {
  readonly name: string;
  readonly email?: string;
  /** The root key pair to give the account (generated when absent). */
  readonly rootKey?: { readonly accessKey: string; readonly secretKey: string };
}

export interface AccountAdmin {
  /** A new account; 'exists' when the name is taken; 'invalid' with why for a bad name or e-mail. */
  create(input: AccountInput): Promise<AccountCreatedDocument | 'exists' | { readonly invalid: string }>;
  list(): readonly AccountDoc[];
  info(ref: string): AccountDoc | undefined;
  /** Refused while the account owns buckets (and always for the cluster account). */
  remove(ref: string): Promise<RemoveAccountOutcome>;
}
