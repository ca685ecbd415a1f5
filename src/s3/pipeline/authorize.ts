/**
 * Authorization: may this principal perform this IAM action on this resource?
 * The pipeline asks once per request with the action of the operation table.
 * `RootOnlyAuthorizer` lets the root user do everything and nobody else anything (the admin
 * API uses it); the S3 API uses `AccountAuthorizer` (account-authorizer.ts).
 */
import type { ResolvedCaller } from '../../iam/caller.js';
import type { ContextValue } from '../../iam/policy/index.js';

export interface AuthzRequest {
  readonly accessKey: string;
  readonly isAnonymous: boolean;
  /** x-amz-security-token of a request signed with temporary (STS) credentials. */
  readonly sessionToken?: string;
  readonly action: string;
  readonly bucket?: string;
  readonly key?: string;
  /** `?versionId=` of an object request (the version whose tags / ACL count). */
  readonly versionId?: string;
  /**
   * x-amz-expected-bucket-owner (x-amz-source-expected-bucket-owner for a copy source): the
   * account id the bucket must belong to; a bucket of another account is AccessDenied.
   */
  readonly expectedBucketOwner?: string;
  /** The signed caller, when the pipeline resolved it already (else the authorizer does). */
  readonly caller?: ResolvedCaller;
  /** The request's policy condition keys, built only when a policy needs them. */
  readonly conditionKeys?: () => Readonly<Record<string, ContextValue | undefined>>;
}

export interface Authorizer {
  isAllowed(req: AuthzRequest): boolean | Promise<boolean>;
  /** The request `req` (the object given to isAllowed) is done: its handler returned or threw. */
  settled?(req: AuthzRequest): void;
}

/** Allows the root user everything, denies everyone else. */
export class RootOnlyAuthorizer implements Authorizer {
  readonly #root: string;
  constructor(rootAccessKey: string) {
    this.#root = rootAccessKey;
  }
  isAllowed(req: AuthzRequest): boolean {
    return !req.isAnonymous && req.accessKey === this.#root;
  }
}
