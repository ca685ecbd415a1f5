/**
 * IAM OpenID Connect identity providers (AWS IAM API Reference): CreateOpenIDConnectProvider,
 * GetOpenIDConnectProvider, ListOpenIDConnectProviders, DeleteOpenIDConnectProvider,
 * AddClientIDToOpenIDConnectProvider, RemoveClientIDFromOpenIDConnectProvider,
 * UpdateOpenIDConnectProviderThumbprint, TagOpenIDConnectProvider, UntagOpenIDConnectProvider,
 * ListOpenIDConnectProviderTags. A provider is named by its URL without the scheme
 * (`arn:aws:iam::ACCOUNT:oidc-provider/host/path`), as the trust policies of roles name it in
 * `Principal.Federated`; AssumeRoleWithWebIdentity verifies a token whose `iss` is such a
 * provider's URL against that provider (discovery and keys at the URL, `aud` one of its client
 * ids: iam/sts/idp/registered-openid.ts).
 * As AWS: Url 1..255 characters, at most 100 client ids of 1..255 characters, at most 5
 * thumbprints of exactly 40 characters, 100 providers per account; adding a client id that is
 * there or removing one that is not changes nothing and succeeds; Get answers the Url without
 * its scheme. Unlike AWS an `http://` URL is accepted (an in-cluster issuer without TLS); its
 * keys are then fetched over plain HTTP.
 */
import { issuerKey } from '../sts/web-identity-claims.js';
import { IamError } from '../store/iam-errors.js';
import type { AccountDocument, OidcProviderRecord } from '../store/iam-records.js';
import { cachedDoc, pageTail, paginate, type IamCall, type IamOperation } from './iam-operation.js';
import { el, escapeXml, isoTime, members } from './iam-xml.js';
import { checkTags, mergeTags } from './tag-rules.js';

export const MAX_OIDC_PROVIDERS = 100;
const MAX_CLIENT_IDS = 100;
const ARN_RULE = { min: 20, max: 2048 };
const URL_RULE = { min: 1, max: 255 };
const CLIENT_ID_RULE = { min: 1, max: 255 };
const CLIENT_IDS = { maxItems: MAX_CLIENT_IDS, member: CLIENT_ID_RULE };
const THUMBPRINTS = { maxItems: 5, member: { min: 40, max: 40 } };

/** `host/path` of an http(s) URL (the provider's key and ARN resource); InvalidInput for anything else. */
export function providerKeyOf(url: string): string {
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(url)) {
    throw new IamError('InvalidInput', `Invalid URL ${url}: it must begin with https:// and name a host, without a query or fragment.`);
  }
  return issuerKey(url);
}

export function oidcProviderArnOf(accountId: string, key: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${key}`;
}


/** The provider key an ARN of the caller's account names; InvalidInput for a malformed one. */
function keyOfArn(call: IamCall, arn: string): string {
  const prefix = `arn:aws:iam::${call.accountId}:oidc-provider/`;
  if (!arn.startsWith(prefix) || arn.length === prefix.length) {
    if (/^arn:aws:iam::\d{12}:oidc-provider\/.+/.test(arn)) throw notFound(arn);
    throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
  }
  return arn.slice(prefix.length);
}

function notFound(arn: string): IamError {
  return new IamError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
}

function requireProvider(doc: AccountDocument, call: IamCall, arn: string): OidcProviderRecord {
  const p = doc.oidcProviders?.[keyOfArn(call, arn)];
  if (p === undefined) throw notFound(arn);
  return p;
}

const arnParam = (call: IamCall): string => call.params.required('OpenIDConnectProviderArn', ARN_RULE);

const createProvider: IamOperation = {
  resource: (call) => oidcProviderArnOf(call.accountId, providerKeyOf(call.params.required('Url', URL_RULE))),
  async run(call) {
    const url = call.params.required('Url', URL_RULE);
    const key = providerKeyOf(url);
    const clientIds = [...new Set(call.params.list('ClientIDList', CLIENT_IDS))];
    const thumbprints = call.params.list('ThumbprintList', THUMBPRINTS);
    const tags = checkTags(call.params.tags('Tags'));
    await call.store.mutate(call.accountId, (doc, tools) => {
      const all = doc.oidcProviders ?? {};
      if (all[key] !== undefined) throw new IamError('EntityAlreadyExists', `Provider with url ${url} already exists.`);
      if (Object.keys(all).length >= MAX_OIDC_PROVIDERS) throw new IamError('LimitExceeded', `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_OIDC_PROVIDERS}`);
      all[key] = { url: url.replace(/\/+$/, ''), clientIds, thumbprints, createDate: tools.now.toISOString(), tags };
      doc.oidcProviders = all;
    });
    return el('OpenIDConnectProviderArn', oidcProviderArnOf(call.accountId, key)) + tagsXml(tags);
  },
};

function tagsXml(tags: OidcProviderRecord['tags']): string {
  return tags.length === 0 ? '' : members('Tags', tags.map((t) => el('Key', t.Key) + el('Value', t.Value)));
}

function listXml(name: string, items: readonly string[]): string {
  return members(name, items.map(escapeXml));
}

const getProvider: IamOperation = {
  resource: arnParam,
  async run(call) {
    const p = requireProvider(cachedDoc(call), call, arnParam(call));
    return el('Url', p.url.replace(/^https?:\/\//i, '')) + listXml('ClientIDList', p.clientIds) + listXml('ThumbprintList', p.thumbprints)
      + el('CreateDate', isoTime(p.createDate)) + tagsXml(p.tags);
  },
};

const listProviders: IamOperation = {
  resource: (call) => `arn:aws:iam::${call.accountId}:oidc-provider/*`,
  async run(call) {
    const keys = Object.keys(cachedDoc(call).oidcProviders ?? {}).sort();
    return members('OpenIDConnectProviderList', keys.map((k) => el('Arn', oidcProviderArnOf(call.accountId, k))));
  },
};

const deleteProvider: IamOperation = {
  resource: arnParam,
  async run(call) {
    const arn = arnParam(call);
    await call.store.mutate(call.accountId, (doc) => {
      requireProvider(doc, call, arn);
      delete doc.oidcProviders![keyOfArn(call, arn)];
    });
    return undefined;
  },
};

/** A change to one provider, under the account's write lock. */
function changeProvider(change: (p: OidcProviderRecord, call: IamCall) => void): IamOperation {
  return {
    resource: arnParam,
    async run(call) {
      const arn = arnParam(call);
      await call.store.mutate(call.accountId, (doc) => change(requireProvider(doc, call, arn), call));
      return undefined;
    },
  };
}

const addClientId = changeProvider((p, call) => {
  const id = call.params.required('ClientID', CLIENT_ID_RULE);
  if (p.clientIds.includes(id)) return;
  if (p.clientIds.length >= MAX_CLIENT_IDS) throw new IamError('LimitExceeded', `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  p.clientIds.push(id);
});

const removeClientId = changeProvider((p, call) => {
  const id = call.params.required('ClientID', CLIENT_ID_RULE);
  p.clientIds = p.clientIds.filter((c) => c !== id);
});

const updateThumbprints = changeProvider((p, call) => { p.thumbprints = call.params.list('ThumbprintList', THUMBPRINTS); });

const tagProvider = changeProvider((p, call) => { p.tags = mergeTags(p.tags, checkTags(call.params.tags('Tags'))); });

const untagProvider = changeProvider((p, call) => {
  const keys = call.params.list('TagKeys').map((k) => k.toLowerCase());
  p.tags = p.tags.filter((t) => !keys.includes(t.Key.toLowerCase()));
});

const listProviderTags: IamOperation = {
  resource: arnParam,
  async run(call) {
    const p = requireProvider(cachedDoc(call), call, arnParam(call));
    const page = paginate(call.params, p.tags, (t) => t.Key);
    return members('Tags', page.items.map((t) => el('Key', t.Key) + el('Value', t.Value))) + pageTail(page);
  },
};

export const OIDC_PROVIDER_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  CreateOpenIDConnectProvider: createProvider,
  GetOpenIDConnectProvider: getProvider,
  ListOpenIDConnectProviders: listProviders,
  DeleteOpenIDConnectProvider: deleteProvider,
  AddClientIDToOpenIDConnectProvider: addClientId,
  RemoveClientIDFromOpenIDConnectProvider: removeClientId,
  UpdateOpenIDConnectProviderThumbprint: updateThumbprints,
  TagOpenIDConnectProvider: tagProvider,
  UntagOpenIDConnectProvider: untagProvider,
  ListOpenIDConnectProviderTags: listProviderTags,
};
