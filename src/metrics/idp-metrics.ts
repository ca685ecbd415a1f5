/**
 * Identity provider reachability: `cairn_idp_online{type="openid|ldap",name}` is 1 when the last
 * probe (OpenID: the discovery document fetched; LDAP: the lookup bind) succeeded, 0 when it
 * failed, and absent before the first probe ended. The probes are cached and run in the
 * background by compose/ (idp-probes.ts); a scrape never waits on a provider.
 */
import { snapshotSource, type Reading } from './snapshot-family.js';
import type { MetricSource } from './metric-family.js';

export interface IdpReading {
  readonly type: 'openid' | 'ldap';
  readonly name: string;
  readonly online: boolean;
}

export interface IdpSource {
  readings(): readonly IdpReading[];
}

export function idpMetrics(source: IdpSource): MetricSource {
  return snapshotSource([{
    type: 'gauge', name: 'cairn_idp_online', help: 'Whether the identity provider answered its last probe (1) or not (0), by type (openid, ldap) and name.',
    labels: ['type', 'name'],
    read: (): readonly Reading[] => source.readings().map((r) => [{ type: r.type, name: r.name }, r.online ? 1 : 0] as const),
  }]);
}
