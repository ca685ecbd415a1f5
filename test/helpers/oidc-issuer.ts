/**
 * A real OpenID provider in process (npm `oidc-provider` 9) on loopback: discovery at
 * `ISSUER/.well-known/openid-configuration`, keys at its `jwks_uri`. Its signing keys are ours
 * (an RS256 pair given to the provider as its JWKS), so the tests sign ID tokens and projected
 * Kubernetes service-account tokens of any shape with the provider's own keys: getting tokens
 * of those shapes out of the provider non-interactively is not possible (no such grant).
 * `rotate()` swaps in a new key (new kid) to exercise the JWKS re-fetch.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import { freePort } from './slapd.js';

export interface OidcIssuer {
  readonly issuer: string;
  readonly configUrl: string;
  /** Signs a token with the provider's current key (iss defaults to the issuer). */
  sign(claims: JWTPayload, opts?: { expiresIn?: string | number; iss?: string; kid?: string }): Promise<string>;
  /** Restarts the provider with a new key; tokens signed afterwards carry the new kid. */
  rotate(): Promise<void>;
  stop(): Promise<void>;
}

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

async function newKey(kid: string): Promise<{ pair: KeyPair; jwk: JWK }> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { pair, jwk };
}

/** `tls`: serve HTTPS with this certificate (PEM; it must name `localhost`), the issuer then `https://localhost:PORT`. */
export async function startOidcIssuer(opts: { tls?: { cert: string; key: string } } = {}): Promise<OidcIssuer> {
  const port = await freePort();
  const issuer = `${opts.tls ? 'https' : 'http'}://localhost:${port}`;
  let key = await newKey('key-1');
  let server: Server | undefined;
  let n = 1;
  const listen = async (): Promise<void> => {
    const provider = new Provider(issuer, {
      clients: [{ client_id: 'cairn', client_secret: 'cairn-secret', redirect_uris: ['http://localhost/cb'], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys: [key.jwk] },
    });
    server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, provider.callback()) : createServer(provider.callback());
    await new Promise<void>((resolve) => server!.listen(port, resolve));
  };
  await listen();
  const stopServer = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s) { s.closeAllConnections(); await new Promise((r) => s.close(r)); }
  };
  return {
    issuer,
    configUrl: `${issuer}/.well-known/openid-configuration`,
    async sign(claims, opts = {}) {
      const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? key.jwk.kid! })
        .setIssuer(opts.iss ?? issuer).setIssuedAt();
      if (opts.expiresIn !== undefined) jwt.setExpirationTime(opts.expiresIn); else jwt.setExpirationTime('10m');
      return jwt.sign(key.pair.privateKey);
    },
    async rotate() {
      await stopServer();
      key = await newKey(`key-${++n}`);
      await listen();
    },
    stop: stopServer,
  };
}
