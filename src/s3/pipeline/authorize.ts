/**
 * Authorization: may this principal perform this IAM action on this resource?
 * The pipeline asks once per request with the action of the operation table. Today the root
 * user may do everything and nobody else anything; bucket policies and IAM plug in here.
 */
export interface AuthzRequest {
  readonly accessKey: string;
  readonly isAnonymous: boolean;
  readonly action: string;
  readonly bucket?: string;
  readonly key?: string;
}

export interface Authorizer {
  isAllowed(req: AuthzRequest): boolean | Promise<boolean>;
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
