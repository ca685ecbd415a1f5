/**
 * JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, RFC 7515 compact form), the kind MinIO's
 * `mc admin prometheus generate` makes for Prometheus' bearer token. Only HS256 is accepted:
 * a token naming another algorithm (`none` included) is refused before its signature is looked at.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time.js';

export type JwtClaims = Readonly<Record<string, string | number>>;

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

export function signJwt(claims: JwtClaims, secret: string): string {
  const input = `${HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign(input, secret)}`;
}

/** The claims of a well-formed HS256 token whose signature matches `secret`; undefined otherwise. */
export function verifyJwt(token: string, secret: string): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, sig] = parts as [string, string, string];
  try {
    const h = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    if (h.alg !== 'HS256') return undefined;
    if (!constantTimeEqual(sign(`${head}.${body}`, secret), sig)) return undefined;
    const claims: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
    return claims as JwtClaims;
  } catch {
    return undefined;
  }
}
