/** SigV2 request authentication (header and query). Used by s3/sigv4's authenticate(). */
export { authenticateHeaderV2, authenticatePresignedV2, isPresignedV2, signV2 } from './authenticate-v2.js';
export type { SigV2Options, SigV2Store } from './authenticate-v2.js';
export { canonicalAmzHeaders, canonicalResource, stringToSignV2 } from './string-to-sign.js';
export type { SigV2Request, StringToSignV2Input } from './string-to-sign.js';
export { SIGV2_SUB_RESOURCES } from './sub-resources.js';
