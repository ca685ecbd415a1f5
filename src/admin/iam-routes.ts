/**
 * The admin API's IAM paths (Cairn's, JSON in and out; `cairn admin user|group|policy|accesskey`
 * use them). Every one takes an optional `account=ID|NAME` (the cluster root acting in another
 * account; see identity-admin.ts), and is allowed to account roots as well as the cluster root.
 *   PUT    cairn/iam/add-user?user=U                body {"secretKey"?}  (with it: access key U)
 *   GET    cairn/iam/list-users
 *   GET    cairn/iam/user-info?user=U
 *   DELETE cairn/iam/remove-user?user=U
 *   PUT    cairn/iam/set-user-status?user=U&status=enabled|disabled
 *   PUT    cairn/iam/update-group-members           body {"group","members":[...],"isRemove"}
 *   GET    cairn/iam/list-groups
 *   GET    cairn/iam/group-info?group=G
 *   PUT    cairn/iam/set-group-status?group=G&status=enabled|disabled
 *   PUT    cairn/iam/add-policy?name=P              body: the policy document
 *   GET    cairn/iam/list-policies
 *   GET    cairn/iam/policy-info?name=P
 *   DELETE cairn/iam/remove-policy?name=P
 *   POST   cairn/iam/attach-policy                  body {"policies":[...],"user"|"group"}
 *   POST   cairn/iam/detach-policy                  body as attach
 *   GET    cairn/iam/policy-entities[?user=U&group=G&policy=P ...]
 *   PUT    cairn/iam/add-access-key                 body {"user"?,"accessKey"?,"secretKey"?,"expiration"?}
 *   GET    cairn/iam/list-access-keys[?user=U]
 *   GET    cairn/iam/access-key-info?accessKey=AK
 *   DELETE cairn/iam/remove-access-key?accessKey=AK
 *   PUT    cairn/iam/set-access-key-status?accessKey=AK&status=enabled|disabled
 * MinIO's own paths for the same things (madmin-go user-commands.go, group-commands.go,
 * policy-commands.go), mapped onto the same backend (endpoints/minio-iam.ts); a MinIO user is
 * an IAM user (its name is its access key when made with `user add NAME SECRET`):
 *   GET    list-users                                 map user -> madmin.UserInfo, madmin-encrypted
 *   GET    user-info?accessKey=U                      madmin.UserInfo
 *   DELETE remove-user?accessKey=U
 *   PUT    set-user-status?accessKey=U&status=enabled|disabled
 *   PUT    add-canned-policy?name=P                   body: the policy document
 *   DELETE remove-canned-policy?name=P
 *   GET    list-canned-policies                       map name -> policy document
 *   GET    info-canned-policy?name=P[&v=2]            the document (v=2: madmin.PolicyInfo)
 *   PUT    update-group-members                       body madmin.GroupAddRemove
 *   GET    groups                                     [names]
 *   GET    group?group=G                              madmin.GroupDesc
 *   PUT    set-group-status?group=G&status=enabled|disabled
 *   GET    list-service-accounts[?user=U]             madmin.ListServiceAccountsResp, madmin-encrypted
 *   GET    info-service-account?accessKey=AK          madmin.InfoServiceAccountResp, madmin-encrypted
 *   DELETE delete-service-account?accessKey=AK                        204
 *   PUT    add-user?accessKey=U                    madmin.AddOrUpdateUserReq, madmin-encrypted
 *   PUT    add-service-account                     madmin.AddServiceAccountReq, encrypted both ways
 *   POST   update-service-account?accessKey=AK     madmin.UpdateServiceAccountReq, encrypted; 204
 *   POST   idp/builtin/policy/attach|detach        madmin.PolicyAssociationReq, encrypted both ways
 * Encrypted request bodies are decrypted with the signer's secret key (madmin-encrypt.ts,
 * Argon2id or PBKDF2 keys).
 * The action named is MinIO's admin action of the same operation (madmin-go policy/admin-action.go).
 */
export type IamAdminOperation =
  | 'IamAddUser' | 'IamListUsers' | 'IamUserInfo' | 'IamRemoveUser' | 'IamSetUserStatus'
  | 'IamUpdateGroupMembers' | 'IamListGroups' | 'IamGroupInfo' | 'IamSetGroupStatus'
  | 'IamAddPolicy' | 'IamListPolicies' | 'IamPolicyInfo' | 'IamRemovePolicy' | 'IamAttachPolicy' | 'IamDetachPolicy' | 'IamPolicyEntities'
  | 'IamAddAccessKey' | 'IamListAccessKeys' | 'IamAccessKeyInfo' | 'IamRemoveAccessKey' | 'IamSetAccessKeyStatus'
  | 'MinioListUsers' | 'MinioUserInfo' | 'MinioRemoveUser' | 'MinioSetUserStatus'
  | 'MinioAddCannedPolicy' | 'MinioRemoveCannedPolicy' | 'MinioListCannedPolicies' | 'MinioInfoCannedPolicy'
  | 'MinioUpdateGroupMembers' | 'MinioListGroups' | 'MinioGroupInfo' | 'MinioSetGroupStatus'
  | 'MinioListServiceAccounts' | 'MinioInfoServiceAccount' | 'MinioDeleteServiceAccount'
  | 'MinioAddUser' | 'MinioAddServiceAccount' | 'MinioUpdateServiceAccount' | 'MinioAttachPolicy' | 'MinioDetachPolicy';

export interface IamPathEntry {
  readonly method: string;
  readonly op: IamAdminOperation;
  readonly action: string;
  readonly readsBody?: boolean;
}

const P = '/minio/admin/v3/cairn/iam';
const M = '/minio/admin/v3';

export const IAM_PATHS: ReadonlyMap<string, IamPathEntry> = new Map<string, IamPathEntry>([
  [`${P}/add-user`, { method: 'PUT', op: 'IamAddUser', action: 'admin:CreateUser', readsBody: true }],
  [`${P}/list-users`, { method: 'GET', op: 'IamListUsers', action: 'admin:ListUsers' }],
  [`${P}/user-info`, { method: 'GET', op: 'IamUserInfo', action: 'admin:GetUser' }],
  [`${P}/remove-user`, { method: 'DELETE', op: 'IamRemoveUser', action: 'admin:DeleteUser' }],
  [`${P}/set-user-status`, { method: 'PUT', op: 'IamSetUserStatus', action: 'admin:EnableUser' }],
  [`${P}/update-group-members`, { method: 'PUT', op: 'IamUpdateGroupMembers', action: 'admin:AddUserToGroup', readsBody: true }],
  [`${P}/list-groups`, { method: 'GET', op: 'IamListGroups', action: 'admin:ListGroups' }],
  [`${P}/group-info`, { method: 'GET', op: 'IamGroupInfo', action: 'admin:GetGroup' }],
  [`${P}/set-group-status`, { method: 'PUT', op: 'IamSetGroupStatus', action: 'admin:EnableGroup' }],
  [`${P}/add-policy`, { method: 'PUT', op: 'IamAddPolicy', action: 'admin:CreatePolicy', readsBody: true }],
  [`${P}/list-policies`, { method: 'GET', op: 'IamListPolicies', action: 'admin:ListUserPolicies' }],
  [`${P}/policy-info`, { method: 'GET', op: 'IamPolicyInfo', action: 'admin:GetPolicy' }],
  [`${P}/remove-policy`, { method: 'DELETE', op: 'IamRemovePolicy', action: 'admin:DeletePolicy' }],
  [`${P}/attach-policy`, { method: 'POST', op: 'IamAttachPolicy', action: 'admin:AttachUserOrGroupPolicy', readsBody: true }],
  [`${P}/detach-policy`, { method: 'POST', op: 'IamDetachPolicy', action: 'admin:AttachUserOrGroupPolicy', readsBody: true }],
  [`${P}/policy-entities`, { method: 'GET', op: 'IamPolicyEntities', action: 'admin:ListUserPolicies' }],
  [`${P}/add-access-key`, { method: 'PUT', op: 'IamAddAccessKey', action: 'admin:CreateServiceAccount', readsBody: true }],
  [`${P}/list-access-keys`, { method: 'GET', op: 'IamListAccessKeys', action: 'admin:ListServiceAccounts' }],
  [`${P}/access-key-info`, { method: 'GET', op: 'IamAccessKeyInfo', action: 'admin:ListServiceAccounts' }],
  [`${P}/remove-access-key`, { method: 'DELETE', op: 'IamRemoveAccessKey', action: 'admin:RemoveServiceAccount' }],
  [`${P}/set-access-key-status`, { method: 'PUT', op: 'IamSetAccessKeyStatus', action: 'admin:UpdateServiceAccount' }],
  [`${M}/list-users`, { method: 'GET', op: 'MinioListUsers', action: 'admin:ListUsers' }],
  [`${M}/user-info`, { method: 'GET', op: 'MinioUserInfo', action: 'admin:GetUser' }],
  [`${M}/remove-user`, { method: 'DELETE', op: 'MinioRemoveUser', action: 'admin:DeleteUser' }],
  [`${M}/set-user-status`, { method: 'PUT', op: 'MinioSetUserStatus', action: 'admin:EnableUser' }],
  [`${M}/add-canned-policy`, { method: 'PUT', op: 'MinioAddCannedPolicy', action: 'admin:CreatePolicy', readsBody: true }],
  [`${M}/remove-canned-policy`, { method: 'DELETE', op: 'MinioRemoveCannedPolicy', action: 'admin:DeletePolicy' }],
  [`${M}/list-canned-policies`, { method: 'GET', op: 'MinioListCannedPolicies', action: 'admin:ListUserPolicies' }],
  [`${M}/info-canned-policy`, { method: 'GET', op: 'MinioInfoCannedPolicy', action: 'admin:GetPolicy' }],
  [`${M}/update-group-members`, { method: 'PUT', op: 'MinioUpdateGroupMembers', action: 'admin:AddUserToGroup', readsBody: true }],
  [`${M}/groups`, { method: 'GET', op: 'MinioListGroups', action: 'admin:ListGroups' }],
  [`${M}/group`, { method: 'GET', op: 'MinioGroupInfo', action: 'admin:GetGroup' }],
  [`${M}/set-group-status`, { method: 'PUT', op: 'MinioSetGroupStatus', action: 'admin:EnableGroup' }],
  [`${M}/list-service-accounts`, { method: 'GET', op: 'MinioListServiceAccounts', action: 'admin:ListServiceAccounts' }],
  [`${M}/info-service-account`, { method: 'GET', op: 'MinioInfoServiceAccount', action: 'admin:ListServiceAccounts' }],
  [`${M}/delete-service-account`, { method: 'DELETE', op: 'MinioDeleteServiceAccount', action: 'admin:RemoveServiceAccount' }],
  [`${M}/add-user`, { method: 'PUT', op: 'MinioAddUser', action: 'admin:CreateUser', readsBody: true }],
  [`${M}/add-service-account`, { method: 'PUT', op: 'MinioAddServiceAccount', action: 'admin:CreateServiceAccount', readsBody: true }],
  [`${M}/update-service-account`, { method: 'POST', op: 'MinioUpdateServiceAccount', action: 'admin:UpdateServiceAccount', readsBody: true }],
  [`${M}/idp/builtin/policy/attach`, { method: 'POST', op: 'MinioAttachPolicy', action: 'admin:AttachUserOrGroupPolicy', readsBody: true }],
  [`${M}/idp/builtin/policy/detach`, { method: 'POST', op: 'MinioDetachPolicy', action: 'admin:AttachUserOrGroupPolicy', readsBody: true }],
]);
