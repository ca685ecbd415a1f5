export { loadConfig, settingsHelp, MIN_ROOT_USER, MIN_ROOT_PASSWORD, type LoadedConfig } from './load-config.js';
export { CONFIG_SCHEMA, type Config, type ConfigKey, type Setting } from './schema.js';
export { ConfigError } from './config-error.js';
export type { ListenAddress, LogLevel } from './parsers.js';
export { loadAuditTargets, type AuditTargetConfig, type WebhookTargetConfig, type ElasticsearchTargetConfig } from './audit-targets.js';
export type { AuditQueueFullPolicy } from './audit-parsers.js';
export { loadKmsConfig, type KmsConfig, type BuiltinKmsConfig, type VaultKmsConfig, type KesKmsConfig, type VaultAuthConfig, type KmsTrustConfig } from './kms-config.js';
export { loadIdentityConfig, type IdentityConfig, type LdapConfig, type OpenIdProviderConfig } from './identity-config.js';
