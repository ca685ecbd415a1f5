/**
 * From a verified OpenID Connect token's claims to what STS decides on (pure):
 * - the provider key: the issuer without `https://` and without a trailing `/`, its host in
 *   lower case (`oidc.example.com/realms/x`), as AWS names OIDC providers and their condition
 *   keys; an IAM OIDC provider (CreateOpenIDConnectProvider) is registered and found under it;
 * - the trust-policy condition keys `<key>:sub`, `<key>:aud`, `<key>:azp`, `<key>:amr`
 *   (AWS IAM User Guide, "Available keys for AWS web identity federation");
 * - MinIO style: the policy names in the configured claim (a string with commas, or a list).
 * A Kubernetes projected service-account token is such a token: `iss` the cluster's issuer,
 * `sub` `system:serviceaccount:NAMESPACE:NAME`, `aud` the audience asked for in the projection.
 */
import type { ContextValue } from '../policy/index.js';

export type Claims = Readonly<Record<string, unknown>>;

export function issuerKey(issuer: string): string {
  const key = issuer.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  const slash = key.indexOf('/');
  return slash < 0 ? key.toLowerCase() : key.slice(0, slash).toLowerCase() + key.slice(slash);
}

export function oidcProviderArn(accountId: string, issuer: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${issuerKey(issuer)}`;
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

export function audiences(claims: Claims): string[] {
  return strings(claims['aud']) ?? [];
}

export function trustKeys(claims: Claims, issuer: string): Record<string, ContextValue | undefined> {
  const k = issuerKey(issuer);
  const sub = typeof claims['sub'] === 'string' ? claims['sub'] : undefined;
  const azp = typeof claims['azp'] === 'string' ? claims['azp'] : undefined;
  return {
    [`${k}:sub`]: sub,
    [`${k}:aud`]: audiences(claims),
    [`${k}:azp`]: azp,
    [`${k}:amr`]: strings(claims['amr']),
  };
}

/** The policy names a claim grants (`"a,b"` or `["a", "b"]`); empty when the claim is absent. */
export function claimPolicies(claims: Claims, claimName: string): string[] {
  const raw = claims[claimName];
  const list = strings(raw) ?? [];
  return [...new Set(list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''))];
}

/** A readable subject for session names and errors: `sub`, else `preferred_username`, else `email`. */
export function subjectOf(claims: Claims): string | undefined {
  for (const name of ['sub', 'preferred_username', 'email']) {
    const v = claims[name];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** The Kubernetes service account a token names, when it is a projected service-account token. */
export function kubernetesServiceAccount(claims: Claims): { namespace: string; name: string } | undefined {
  const sub = claims['sub'];
  if (typeof sub !== 'string') return undefined;
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub);
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}
