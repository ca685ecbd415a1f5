/**
 * The shared tail of SigV4 header and presigned authentication: look up the secret, build
 * the canonical request and string to sign, compare signatures in constant time.
 */
import { S3Error } from '../../errors/s3-error.js';
import { canonicalRequest, stringToSign, utf8StringToSign } from './canonical-request.js';
import type { CredentialScope } from './credential.js';
import { signaturesEqual, SigningKeyCache } from './signing-key.js';
import type { AuthRequest, CredentialStore } from './types.js';

export interface VerifyInput {
  readonly req: AuthRequest;
  readonly store: CredentialStore;
  readonly keyCache: SigningKeyCache;
  readonly credential: CredentialScope;
  readonly amzDate: string;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  readonly signature: string;
  readonly excludeQuery?: string;
  /** x-amz-security-token of the request, handed to the store with the access key. */
  readonly sessionToken: string | undefined;
}

export function lookupSecret(store: CredentialStore, accessKey: string, sessionToken?: string): string {
  const secret = store.secretFor(accessKey, sessionToken);
  if (secret === undefined) {
    throw new S3Error('InvalidAccessKeyId', { extra: { AWSAccessKeyId: accessKey } });
  }
  return secret;
}

/** Returns the derived signing key once the signature matched; throws SignatureDoesNotMatch otherwise. */
export function verifySignature(input: VerifyInput): Buffer {
  const { credential } = input;
  const secret = lookupSecret(input.store, credential.accessKey, input.sessionToken);
  const signingKey = input.keyCache.get(secret, credential.date, credential.region, credential.service);
  const creq = canonicalRequest({
    req: input.req,
    signedHeaders: input.signedHeaders,
    payloadHash: input.payloadHash,
    ...(input.excludeQuery === undefined ? {} : { excludeQuery: input.excludeQuery }),
  });
  const sts = stringToSign(input.amzDate, credential.scope, creq);
  const matches = (text: string | undefined): boolean => text !== undefined && signaturesEqual(input.keyCache.macHex(signingKey, text), input.signature);
  // Non-ASCII header bytes have two client readings (canonical-request.ts); ASCII has one.
  if (!matches(sts) && !matches(utf8StringToSign(input.amzDate, credential.scope, creq))) {
    throw new S3Error('SignatureDoesNotMatch', {
      extra: {
        AWSAccessKeyId: credential.accessKey,
        StringToSign: sts,
        SignatureProvided: input.signature.slice(0, 128),
        CanonicalRequest: creq,
      },
    });
  }
  return signingKey;
}

/** Every x-amz-* header the client sent must be signed (header auth), and so must host. */
export function checkHeadersSigned(req: AuthRequest, signedHeaders: readonly string[]): void {
  const unsigned: string[] = [];
  if (!signedHeaders.includes('host')) unsigned.push('host');
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith('x-amz-') && !signedHeaders.includes(name)) unsigned.push(name);
  }
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', {
      message: 'There were headers present in the request which were not signed',
      extra: { HeadersNotSigned: unsigned.join(', ') },
    });
  }
}
