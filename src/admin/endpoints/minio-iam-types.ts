/** The madmin-go documents of MinIO's IAM admin paths (user-commands.go, group-commands.go, policy-commands.go). */

/** madmin.UserInfo. */
export interface MinioUserInfo {
  readonly policyName?: string;
  readonly status: 'enabled' | 'disabled';
  readonly memberOf?: readonly string[];
  readonly updatedAt?: string;
}

/** madmin.GroupDesc. */
export interface MinioGroupDesc {
  readonly name: string;
  readonly status: 'enabled' | 'disabled';
  readonly members: readonly string[];
  readonly policy: string;
  readonly updatedAt?: string;
}

/** madmin.PolicyInfo (info-canned-policy?v=2). */
export interface MinioPolicyInfo {
  readonly PolicyName: string;
  readonly Policy: unknown;
  readonly CreateDate: string;
  readonly UpdateDate: string;
}

/** madmin.ServiceAccountInfo as listed. */
export interface MinioServiceAccountInfo {
  readonly parentUser: string;
  readonly accountStatus: 'on' | 'off';
  readonly impliedPolicy: boolean;
  readonly accessKey: string;
  readonly expiration?: string;
}

/** madmin.InfoServiceAccountResp. */
export interface MinioInfoServiceAccountResp {
  readonly parentUser: string;
  readonly accountStatus: 'on' | 'off';
  readonly impliedPolicy: boolean;
  readonly policy: string;
  readonly expiration?: string;
}

export type MinioIamDocument =
  | Readonly<Record<string, MinioUserInfo>> | MinioUserInfo | MinioGroupDesc | MinioPolicyInfo | readonly string[]
  | { readonly accounts: readonly MinioServiceAccountInfo[] } | MinioInfoServiceAccountResp | Readonly<Record<string, unknown>>;
