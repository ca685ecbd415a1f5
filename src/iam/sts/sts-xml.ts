/**
 * STS answers in AWS's XML (STS API Reference; namespace https://sts.amazonaws.com/doc/2011-06-15/):
 * `<XResponse><XResult>...</XResult><ResponseMetadata><RequestId/></ResponseMetadata></XResponse>`
 * and `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
import type { StsError } from './sts-error.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** A child element: a text value, nested elements, or nothing (omitted). */
export type XmlNode = string | number | readonly XmlField[] | undefined;
export type XmlField = readonly [string, XmlNode];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function render(fields: readonly XmlField[]): string {
  let out = '';
  for (const [name, value] of fields) {
    if (value === undefined) continue;
    out += `<${name}>${typeof value === 'object' ? render(value) : escapeXml(String(value))}</${name}>`;
  }
  return out;
}

export interface IssuedCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** `2026-12-02T10:15:00Z`: AWS's Expiration form (no milliseconds). */
export function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export function credentialsXml(c: IssuedCredentials): XmlField {
  return ['Credentials', [
    ['AccessKeyId', c.accessKey],
    ['SecretAccessKey', c.secretKey],
    ['SessionToken', c.sessionToken],
    ['Expiration', isoSeconds(c.expiration)],
  ]];
}

export function stsResponseXml(action: string, result: readonly XmlField[], requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${STS_NAMESPACE}">`
    + `<${action}Result>${render(result)}</${action}Result>`
    + `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`;
}

export function stsErrorXml(err: StsError, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${err.type}</Type>`
    + `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error>`
    + `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
}
