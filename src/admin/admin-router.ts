/**
 * The admin router: pure, method + path + query -> admin operation, from one table.
 *
 * Every path under /minio/admin/ (after percent-decoding, so an escaped spelling cannot slip
 * through to S3) is admin: it is answered here or refused with a JSON error, never handed to
 * the S3 router. Paths are MinIO's (madmin-go, admin API v3):
 *   GET  /minio/admin/v3/info                      ServerInfo
 *   POST /minio/admin/v3/heal/                     HealStart (body: madmin.HealOpts)
 *   POST /minio/admin/v3/heal/?clientToken=T       HealStatus of a started sequence
 *   POST /minio/admin/v3/background-heal/status    BackgroundHealStatus
 *   GET  /minio/admin/v3/datausageinfo             DataUsageInfo (madmin.DataUsageInfo)
 *   PUT  /minio/admin/v3/set-bucket-quota?bucket=B SetBucketQuota (body: madmin.BucketQuota)
 *   GET  /minio/admin/v3/get-bucket-quota?bucket=B GetBucketQuota
 *   GET  /minio/admin/v3/kms/status                KmsStatus (madmin.KMSStatus)
 *   POST /minio/admin/v3/kms/key/create?key-id=K   KmsKeyCreate
 *   GET  /minio/admin/v3/kms/key/status[?key-id=K] KmsKeyStatus (madmin.KMSKeyStatus; default key without key-id)
 *   GET  /minio/admin/v3/kms/key/list[?pattern=P]  KmsKeyList (P: a name, or a prefix ending in *)
 *   PUT  /minio/admin/v3/cairn/add-account         AddAccount (body {"name","email"}; Cairn's, see endpoints/accounts.ts)
 *   GET  /minio/admin/v3/cairn/list-accounts       ListAccounts
 *   GET  /minio/admin/v3/cairn/account-info?account=A   AccountInfo
 *   DELETE /minio/admin/v3/cairn/remove-account?account=A RemoveAccount
 *   PUT  /minio/admin/v3/kms/account/set-key?account=A&key-id=K   KmsAccountKeySet (Cairn; body: {"vault":{"mount","namespace"}} or empty)
 *   GET  /minio/admin/v3/kms/account/get-key?account=A            KmsAccountKeyGet (Cairn)
 *   POST /minio/admin/v3/idp/ldap/policy/attach    LdapPolicyAttach (body madmin.PolicyAssociationReq, plain or madmin-encrypted)
 *   POST /minio/admin/v3/idp/ldap/policy/detach    LdapPolicyDetach
 *   GET  /minio/admin/v3/idp/ldap/policy-entities[?user=DN&group=DN&policy=P]  LdapPolicyEntities
 *   ...    /minio/admin/v3/cairn/iam/...           users, groups, policies, access keys (iam-routes.ts)
 *   POST /minio/admin/v3/kms/key/rotate?key-id=K   KmsKeyRotate (Cairn; a new key version)
 *   POST /minio/admin/v3/kms/reseal[?bucket=B]      KmsResealStart (Cairn; background re-seal pass)
 *   GET  /minio/admin/v3/kms/reseal/status          KmsResealStatus (Cairn)
 * Not (yet) supported and answered 501: healing one bucket or prefix (/heal/BUCKET[/PREFIX])
 * and forceStop. Unknown path: 404; known path, other method: 405.
 */
import { AdminError } from './admin-error.js';
import { IAM_PATHS, type IamAdminOperation } from './iam-routes.js';

export type AdminOperation =
  | 'ServerInfo' | 'HealStart' | 'HealStatus' | 'BackgroundHealStatus' | 'DataUsageInfo' | 'SetBucketQuota' | 'GetBucketQuota'
  | 'KmsStatus' | 'KmsKeyCreate' | 'KmsKeyStatus' | 'KmsKeyList'
  | 'AddAccount' | 'ListAccounts' | 'AccountInfo' | 'RemoveAccount' | 'KmsAccountKeySet' | 'KmsAccountKeyGet'
  | 'LdapPolicyAttach' | 'LdapPolicyDetach' | 'LdapPolicyEntities'
  | 'KmsKeyRotate' | 'KmsResealStart' | 'KmsResealStatus'
  | IamAdminOperation;

export interface AdminRoute {
  readonly op: AdminOperation;
  /** The IAM action MinIO checks for the operation (admin:ServerInfo, admin:Heal). */
  readonly action: string;
  /** The handler reads a JSON body. */
  readonly readsBody: boolean;
  /** HealStatus: the sequence's token. */
  readonly clientToken?: string;
  /** HealStart: stop a running sequence first. */
  readonly forceStart?: boolean;
  /** Set/GetBucketQuota: the `bucket` query parameter; KmsResealStart: the optional one. */
  readonly bucket?: string;
  /** KmsKeyCreate / KmsKeyStatus: the `key-id` query parameter ('' = the default key). */
  readonly keyId?: string;
  /** KmsKeyList: the `pattern` query parameter (default `*`). */
  readonly pattern?: string;
  /** AccountInfo, RemoveAccount: the `account` query parameter (id or name); KmsAccountKeySet / KmsAccountKeyGet: 12 digits. */
  readonly account?: string;
  /** LdapPolicyEntities: the repeatable user / group / policy query parameters. */
  readonly entities?: { readonly users: readonly string[]; readonly groups: readonly string[]; readonly policies: readonly string[] };
  /** The IAM paths (iam-routes.ts): allowed to account roots too; their query parameters. */
  readonly accountScoped?: boolean;
  readonly query?: URLSearchParams;
}

export interface AdminRouteInput {
  readonly method: string;
  /** Path as received (percent-encoded, no query). */
  readonly rawPath: string;
  readonly query: URLSearchParams;
}

const ADMIN_ROOT = '/minio/admin';
const V3 = `${ADMIN_ROOT}/v3`;
const HEAL_PREFIX = `${V3}/heal/`;

type PathEntry = { readonly method: string; readonly op: AdminOperation | 'Heal'; readonly action: string; readonly readsBody?: boolean };

const PATHS: ReadonlyMap<string, PathEntry> = new Map([
  [`${V3}/info`, { method: 'GET', op: 'ServerInfo', action: 'admin:ServerInfo' }],
  [HEAL_PREFIX, { method: 'POST', op: 'Heal', action: 'admin:Heal' }],
  [`${V3}/heal`, { method: 'POST', op: 'Heal', action: 'admin:Heal' }],
  [`${V3}/background-heal/status`, { method: 'POST', op: 'BackgroundHealStatus', action: 'admin:Heal' }],
  [`${V3}/datausageinfo`, { method: 'GET', op: 'DataUsageInfo', action: 'admin:DataUsageInfo' }],
  [`${V3}/set-bucket-quota`, { method: 'PUT', op: 'SetBucketQuota', action: 'admin:SetBucketQuota', readsBody: true }],
  [`${V3}/get-bucket-quota`, { method: 'GET', op: 'GetBucketQuota', action: 'admin:GetBucketQuota' }],
  [`${V3}/kms/status`, { method: 'GET', op: 'KmsStatus', action: 'admin:KMSKeyStatus' }],
  [`${V3}/kms/key/create`, { method: 'POST', op: 'KmsKeyCreate', action: 'admin:KMSCreateKey' }],
  [`${V3}/kms/key/status`, { method: 'GET', op: 'KmsKeyStatus', action: 'admin:KMSKeyStatus' }],
  [`${V3}/kms/key/list`, { method: 'GET', op: 'KmsKeyList', action: 'admin:KMSKeyStatus' }],
  [`${V3}/cairn/add-account`, { method: 'PUT', op: 'AddAccount', action: 'admin:CreateAccount', readsBody: true }],
  [`${V3}/cairn/list-accounts`, { method: 'GET', op: 'ListAccounts', action: 'admin:ListAccounts' }],
  [`${V3}/cairn/account-info`, { method: 'GET', op: 'AccountInfo', action: 'admin:GetAccount' }],
  [`${V3}/cairn/remove-account`, { method: 'DELETE', op: 'RemoveAccount', action: 'admin:DeleteAccount' }],
  [`${V3}/kms/account/set-key`, { method: 'PUT', op: 'KmsAccountKeySet', action: 'admin:KMSCreateKey', readsBody: true }],
  [`${V3}/kms/account/get-key`, { method: 'GET', op: 'KmsAccountKeyGet', action: 'admin:KMSKeyStatus' }],
  [`${V3}/idp/ldap/policy/attach`, { method: 'POST', op: 'LdapPolicyAttach', action: 'admin:UpdatePolicyAssociation', readsBody: true }],
  [`${V3}/idp/ldap/policy/detach`, { method: 'POST', op: 'LdapPolicyDetach', action: 'admin:UpdatePolicyAssociation', readsBody: true }],
  [`${V3}/idp/ldap/policy-entities`, { method: 'GET', op: 'LdapPolicyEntities', action: 'admin:ListUserPolicies' }],
  [`${V3}/kms/key/rotate`, { method: 'POST', op: 'KmsKeyRotate', action: 'admin:KMSCreateKey' }],
  [`${V3}/kms/reseal`, { method: 'POST', op: 'KmsResealStart', action: 'admin:KMSCreateKey' }],
  [`${V3}/kms/reseal/status`, { method: 'GET', op: 'KmsResealStatus', action: 'admin:KMSKeyStatus' }],
]);

/** The path percent-decoded; the raw path when it holds a malformed escape. */
export function decodedPath(rawPath: string): string {
  try { return decodeURIComponent(rawPath); } catch { return rawPath; }
}

/** True for every request the admin API answers (and the S3 router must never see). */
export function isAdminPath(rawPath: string): boolean {
  // Without a '%' the path is its own decoding (every S3 request asks: no decode for those).
  const path = rawPath.includes('%') ? decodedPath(rawPath) : rawPath;
  return path === ADMIN_ROOT || path.startsWith(`${ADMIN_ROOT}/`);
}

function healRoute(entry: PathEntry, query: URLSearchParams): AdminRoute {
  const clientToken = query.get('clientToken') ?? '';
  const forceStart = query.has('forceStart');
  const forceStop = query.has('forceStop');
  if ((forceStart && forceStop) || (clientToken !== '' && (forceStart || forceStop))) {
    throw new AdminError('InvalidRequest', 'clientToken, forceStart and forceStop exclude each other.');
  }
  if (forceStop) throw new AdminError('NotImplemented', 'forceStop is not supported yet.');
  if (clientToken !== '') return { op: 'HealStatus', action: entry.action, readsBody: false, clientToken };
  return { op: 'HealStart', action: entry.action, readsBody: true, forceStart };
}

export function routeAdmin(input: AdminRouteInput): AdminRoute {
  const path = decodedPath(input.rawPath);
  const method = input.method.toUpperCase();
  const iam = IAM_PATHS.get(path);
  if (iam !== undefined) {
    if (method !== iam.method) throw new AdminError('MethodNotAllowed', `${method} is not allowed on ${path}; use ${iam.method}.`);
    return { op: iam.op, action: iam.action, readsBody: iam.readsBody === true, accountScoped: true, query: input.query };
  }
  const entry = PATHS.get(path);
  if (entry === undefined) {
    if (path.startsWith(HEAL_PREFIX)) {
      if (method !== 'POST') throw new AdminError('MethodNotAllowed', `${method} is not allowed on ${path}; use POST.`);
      throw new AdminError('NotImplemented', 'Healing one bucket or prefix is not supported yet; POST /minio/admin/v3/heal/ heals everything.');
    }
    throw new AdminError('XCairnAdminUnknownAPI', `This admin API is not supported: ${method} ${path}`);
  }
  if (method !== entry.method) throw new AdminError('MethodNotAllowed', `${method} is not allowed on ${path}; use ${entry.method}.`);
  if (entry.op === 'Heal') return healRoute(entry, input.query);
  if (entry.op === 'SetBucketQuota' || entry.op === 'GetBucketQuota') {
    const bucket = input.query.get('bucket') ?? '';
    if (bucket === '') throw new AdminError('XMinioAdminInvalidArgument', 'The bucket query parameter is missing.');
    return { op: entry.op, action: entry.action, readsBody: entry.readsBody === true, bucket };
  }
  if (entry.op === 'KmsResealStart') {
    const bucket = input.query.get('bucket') ?? '';
    return { op: entry.op, action: entry.action, readsBody: false, ...(bucket !== '' ? { bucket } : {}) };
  }
  if (entry.op === 'KmsKeyCreate' || entry.op === 'KmsKeyStatus' || entry.op === 'KmsKeyRotate') {
    const keyId = input.query.get('key-id') ?? '';
    if (entry.op !== 'KmsKeyStatus' && keyId === '') throw new AdminError('XMinioAdminInvalidArgument', 'The key-id query parameter is missing.');
    return { op: entry.op, action: entry.action, readsBody: false, keyId };
  }
  if (entry.op === 'KmsAccountKeySet' || entry.op === 'KmsAccountKeyGet') {
    const account = input.query.get('account') ?? '';
    if (!/^[0-9]{12}$/.test(account)) throw new AdminError('XMinioAdminInvalidArgument', `The account query parameter must be a 12-digit account id, got ${JSON.stringify(account)}.`);
    const keyId = input.query.get('key-id') ?? '';
    if (entry.op === 'KmsAccountKeySet' && keyId === '') throw new AdminError('XMinioAdminInvalidArgument', 'The key-id query parameter is missing.');
    return { op: entry.op, action: entry.action, readsBody: entry.readsBody === true, account, ...(entry.op === 'KmsAccountKeySet' ? { keyId } : {}) };
  }
  if (entry.op === 'LdapPolicyEntities') {
    const entities = { users: input.query.getAll('user'), groups: input.query.getAll('group'), policies: input.query.getAll('policy') };
    return { op: entry.op, action: entry.action, readsBody: false, entities };
  }
  if (entry.op === 'KmsKeyList') return { op: entry.op, action: entry.action, readsBody: false, pattern: input.query.get('pattern') || '*' };
  if (entry.op === 'AccountInfo' || entry.op === 'RemoveAccount') {
    const account = input.query.get('account') ?? '';
    if (account === '') throw new AdminError('XMinioAdminInvalidArgument', 'The account query parameter is missing.');
    return { op: entry.op, action: entry.action, readsBody: false, account };
  }
  return { op: entry.op, action: entry.action, readsBody: entry.readsBody === true };
}
