/** Seals a new session: fresh `ASIA` key pair, expiry `now + duration`, the claims in the token. */
import type { SessionClaims } from '../session-claims.js';
import { newSessionKeyPair } from '../session-keys.js';
import type { IssuedCredentials } from '../sts-xml.js';
import type { StsContext } from './sts-context.js';

export type SessionFields = Omit<SessionClaims, 'v' | 'accessKey' | 'secret' | 'issuedAt' | 'expiresAt'>;

export function issueSession(ctx: StsContext, fields: SessionFields, durationSeconds: number): IssuedCredentials {
  const { accessKey, secretKey } = newSessionKeyPair();
  const issuedAt = Math.floor(ctx.now().getTime() / 1000);
  const expiresAt = issuedAt + durationSeconds;
  const claims: SessionClaims = { v: 1, accessKey, secret: secretKey, issuedAt, expiresAt, ...fields };
  return { accessKey, secretKey, sessionToken: ctx.codec.seal(claims), expiration: new Date(expiresAt * 1000) };
}
