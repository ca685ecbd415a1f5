/** The part of npm `oidc-provider` (no bundled types) the tests use. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  interface ProviderConfiguration {
    readonly clients?: readonly object[];
    readonly jwks?: { readonly keys: readonly object[] };
  }
  export default class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
