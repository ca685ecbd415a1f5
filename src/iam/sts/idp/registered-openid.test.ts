import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { StsError } from '../sts-error.js';
import { issuerKey } from '../web-identity-claims.js';
import { RegisteredOpenId, type RegisteredOidcProviders } from './registered-openid.js';

describe('issuerKey (the key providers are registered and found under)', () => {
  it('drops the scheme and trailing slashes, lower-cases the host only', () => {
    assert.equal(issuerKey('https://Login.Example.COM/Realms/X/'), 'login.example.com/Realms/X');
    assert.equal(issuerKey('HTTPS://oidc.example.com'), 'oidc.example.com');
    assert.equal(issuerKey('http://127.0.0.1:8443/'), '127.0.0.1:8443');
  });
});

/** A discovery document and JWKS on loopback (plain HTTP: the registry takes http:// URLs). */
async function issuerOnLoopback(): Promise<{ url: string; sign: (claims: Record<string, unknown>) => Promise<string>; fetches: () => number; stop: () => Promise<void> }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let url = '';
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') fetches++;
    const body = req.url === '/.well-known/openid-configuration' ? { issuer: url, jwks_uri: `${url}/jwks` } : req.url === '/jwks' ? { keys: [jwk] } : undefined;
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(url).setIssuedAt().setExpirationTime('5m').sign(privateKey),
    fetches: () => fetches,
    stop: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('RegisteredOpenId', () => {
  it('verifies a token of the account\'s provider for its issuer, any of its client ids; leaves other tokens to the configured providers', async () => {
    const issuer = await issuerOnLoopback();
    try {
      const registry = new Map<string, { url: string; clientIds: string[] }>();
      const lookup: RegisteredOidcProviders = { oidcProvider: (account, key) => registry.get(`${account}/${key}`) };
      const reg = new RegisteredOpenId(lookup);
      const token = await issuer.sign({ sub: 'system:serviceaccount:ns:sa', aud: 'app-2' });
      assert.equal(await reg.verify('111111111111', token), undefined, 'no provider registered: the configured ones decide');
      registry.set(`111111111111/${issuerKey(issuer.url)}`, { url: issuer.url, clientIds: ['app-1', 'app-2'] });
      assert.equal(await reg.verify('222222222222', token), undefined, 'another account\'s provider does not count');
      const id = await reg.verify('111111111111', token);
      assert.equal(id?.clientId, 'app-2');
      assert.equal(id?.issuer, issuer.url);
      assert.equal(id?.claims['sub'], 'system:serviceaccount:ns:sa');
      await reg.verify('111111111111', await issuer.sign({ sub: 'x', aud: 'app-1' }));
      assert.equal(issuer.fetches(), 1, 'the discovery document is fetched once per URL');
      await assert.rejects(reg.verify('111111111111', await issuer.sign({ sub: 'x', aud: 'other' })),
        (e: unknown) => e instanceof StsError && e.code === 'InvalidIdentityToken' && /one of \["app-1","app-2"\]/.test(e.message));
      assert.equal(await reg.verify('111111111111', 'not-a-jwt'), undefined);
      registry.clear();
      assert.equal(await reg.verify('111111111111', token), undefined, 'a deleted provider verifies no more');
    } finally {
      await issuer.stop();
    }
  });
});
