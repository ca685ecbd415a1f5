/** admin/: the admin HTTP API (MinIO's /minio/admin/v3 paths), a surface beside s3/. */
export { createAdminListener, withAdminApi, MAX_ADMIN_BODY_BYTES, type AdminApiDeps } from './admin-listener.js';
export { isAdminPath } from './admin-router.js';
export type * from './admin-backend.js';
export type * from './ldap-policy-admin.js';
