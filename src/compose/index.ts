/** compose/: the composition root (the only place that picks implementations). */
export { composeServer, rootCredentialStore, type ComposeOptions, type ObjectLayerFactory, type RunningServer } from './compose.js';
export { createErasureObjectLayer } from './object-layer-factory.js';
export {
  resolveRootCredentials, generateRootCredentials, LEGACY_CREDENTIALS_FILE, ROOT_CREDENTIALS_OBJECT, type RootCredentials, type ResolvedRootCredentials,
} from './root-credentials.js';
export { storageHealthProbe } from './storage-health.js';
