/**
 * LDAP identities (I/O, `ldapts`), as MinIO's AD/LDAP STS:
 *   1. connect (ldaps://, or ldap:// + StartTLS, or plain ldap:// when configured insecure) and
 *      bind as the lookup user (`_LOOKUP_BIND_DN` / `_LOOKUP_BIND_PASSWORD`);
 *   2. find the user's DN: `_USER_DN_SEARCH_FILTER` with `%s` = the escaped user name, under
 *      `_USER_DN_SEARCH_BASE_DN` (exactly one entry, else "unknown user" / "ambiguous");
 *   3. bind as that DN with the given password (wrong password refused, saying so);
 *   4. find its groups: `_GROUP_SEARCH_FILTER` (`%s` user name, `%d` user DN) under
 *      `_GROUP_SEARCH_BASE_DN`, as the lookup user.
 * Every failure is an StsError that says which step failed; no password ever appears in one.
 * `probe()` (metrics: cairn_idp_online) is the lookup bind alone.
 */
import { Client, InvalidCredentialsError } from 'ldapts';
import type { LdapConfig } from '../../../config/identity-config.js';
import type { LdapIdentity } from '../actions/sts-context.js';
import { fillFilter, normalizeDn } from '../ldap-filter.js';
import { StsError } from '../sts-error.js';

const TIMEOUT_MS = 5_000;

export class LdapDirectory implements LdapIdentity {
  constructor(readonly config: LdapConfig) {}

  #client(): Client {
    const tls = this.config.tlsSkipVerify ? { rejectUnauthorized: false } : {};
    return new Client({ url: this.config.url, timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS, tlsOptions: tls, strictDN: false });
  }

  async #connected<T>(work: (c: Client) => Promise<T>): Promise<T> {
    const client = this.#client();
    try {
      if (this.config.startTls) {
        try {
          await client.startTLS(this.config.tlsSkipVerify ? { rejectUnauthorized: false } : {});
        } catch (err) {
          throw this.#unreachable(err, 'StartTLS failed');
        }
      }
      try {
        await client.bind(this.config.lookupBindDn, this.config.lookupBindPassword);
      } catch (err) {
        if (err instanceof InvalidCredentialsError) {
          throw new StsError('IDPCommunicationError', `The LDAP lookup bind as '${this.config.lookupBindDn}' was refused (check CAIRN_IDENTITY_LDAP_LOOKUP_BIND_DN / _PASSWORD).`);
        }
        throw this.#unreachable(err, 'the lookup bind failed');
      }
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  #unreachable(err: unknown, what: string): StsError {
    if (err instanceof StsError) return err;
    const code = (err as { code?: unknown }).code;
    const detail = typeof code === 'string' ? ` (${code})` : err instanceof Error ? ` (${err.message.slice(0, 120)})` : '';
    return new StsError('IDPCommunicationError', `The LDAP server ${this.config.url} is unreachable: ${what}${detail}.`);
  }

  async authenticate(username: string, password: string): Promise<{ dn: string; groups: string[] }> {
    return this.#connected(async (client) => {
      const filter = fillFilter(this.config.userDnSearchFilter, { username });
      let entries: ReadonlyArray<{ dn: string }>;
      try {
        ({ searchEntries: entries } = await client.search(this.config.userDnSearchBaseDn, { scope: 'sub', filter, attributes: ['dn'] }));
      } catch (err) {
        throw this.#unreachable(err, 'the user search failed');
      }
      if (entries.length === 0) throw new StsError('AccessDenied', `LDAP user '${username}' was not found (no entry matches the user search filter).`);
      if (entries.length > 1) throw new StsError('AccessDenied', `LDAP user name '${username}' matches ${entries.length} entries; the user search filter must find one.`);
      const dn = entries[0]!.dn;
      const userClient = this.#client();
      try {
        if (this.config.startTls) await userClient.startTLS(this.config.tlsSkipVerify ? { rejectUnauthorized: false } : {});
        await userClient.bind(dn, password);
      } catch (err) {
        if (err instanceof InvalidCredentialsError) throw new StsError('AccessDenied', `LDAP bind failed for '${dn}': invalid credentials (wrong password).`);
        throw this.#unreachable(err, 'the user bind failed');
      } finally {
        await userClient.unbind().catch(() => undefined);
      }
      return { dn: normalizeDn(dn), groups: await this.#groups(client, username, dn) };
    });
  }

  async #groups(client: Client, username: string, dn: string): Promise<string[]> {
    if (this.config.groupSearchBaseDn === undefined || this.config.groupSearchFilter === undefined) return [];
    const filter = fillFilter(this.config.groupSearchFilter, { username, userDn: dn });
    try {
      const { searchEntries } = await client.search(this.config.groupSearchBaseDn, { scope: 'sub', filter, attributes: ['dn'] });
      return searchEntries.map((e) => normalizeDn(e.dn));
    } catch (err) {
      throw this.#unreachable(err, 'the group search failed');
    }
  }

  /** The lookup bind alone: is the server reachable with the configured lookup user? */
  async probe(): Promise<boolean> {
    try { await this.#connected(async () => undefined); return true; } catch { return false; }
  }
}
