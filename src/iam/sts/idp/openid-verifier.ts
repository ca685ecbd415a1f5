/**
 * The configured OpenID providers as one WebIdentityVerifier: a token goes to the provider whose
 * discovered issuer equals its (not yet verified) `iss` claim; a token from any other issuer
 * is InvalidIdentityToken naming the issuer.
 */
import { decodeJwt } from 'jose';
import type { VerifiedWebIdentity, WebIdentityVerifier } from '../actions/sts-context.js';
import { StsError } from '../sts-error.js';
import type { OpenIdProvider } from './openid-provider.js';

export class OpenIdVerifier implements WebIdentityVerifier {
  constructor(readonly providers: readonly OpenIdProvider[]) {}

  async verify(token: string): Promise<VerifiedWebIdentity> {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new StsError('InvalidIdentityToken', 'The web identity token is not a JWT.');
    }
    if (typeof iss !== 'string') throw new StsError('InvalidIdentityToken', 'The web identity token has no iss claim.');
    let unreachable: unknown;
    for (const p of this.providers) {
      let issuer: string;
      try { issuer = await p.issuer(); } catch (err) { unreachable = err; continue; }
      if (issuer === iss) return p.verify(token);
    }
    if (unreachable !== undefined && this.providers.length === 1) throw unreachable;
    throw new StsError('InvalidIdentityToken', `No OpenID Connect provider is configured for the issuer ${iss}.`);
  }
}
