/**
 * The bearer token of the metrics endpoint: a JWT (HS256) signed with the root secret key,
 * with `sub` = the root access key, `iss` = 'prometheus' and an `exp` (as MinIO's
 * `mc admin prometheus generate`, whose tokens last 100 years). It is derived, never stored:
 * `cairn admin prometheus token` makes one from the same credentials, and rotating the root
 * credentials invalidates every token.
 */
import { signJwt, verifyJwt } from '../util/jwt-hs256.js';

export const PROMETHEUS_ISSUER = 'prometheus';
/** Where the metrics are served (the S3 port). */
export const METRICS_SCRAPE_PATH = '/metrics';
/** 100 years, in seconds. */
export const PROMETHEUS_TOKEN_LIFETIME_S = 100 * 365 * 86_400;

export interface RootKeys {
  readonly accessKey: string;
  readonly secretKey: string;
}

export function prometheusToken(root: RootKeys, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  return signJwt({ exp: now + PROMETHEUS_TOKEN_LIFETIME_S, sub: root.accessKey, iss: PROMETHEUS_ISSUER }, root.secretKey);
}

/** Whether `Authorization: Bearer <token>` carries a valid, unexpired token of these credentials. */
export function isPrometheusAuthorized(authorization: string | undefined, root: RootKeys, nowMs: number): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (m === null) return false;
  const claims = verifyJwt(m[1]!, root.secretKey);
  if (claims === undefined) return false;
  return claims['sub'] === root.accessKey && claims['iss'] === PROMETHEUS_ISSUER
    && typeof claims['exp'] === 'number' && claims['exp'] * 1000 > nowMs;
}
