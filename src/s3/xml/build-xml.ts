/**
 * A small XML builder for S3 response documents.
 *
 *   toXml('ListAllMyBucketsResult', {
 *     Owner: { ID: id, DisplayName: name },
 *     Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: b.created })) },
 *   })
 *
 * - Property order is element order (S3 clients are order-tolerant, but we keep AWS's order).
 * - An array repeats the element; `undefined`/`null` omits it; an empty array emits nothing.
 * - Date → ISO 8601 with milliseconds (AWS style); number/bigint/boolean → their string form.
 * - An `XmlElement` value `{ [ATTRS]: {...}, ... }` carries attributes (e.g. xsi:type of a Grantee).
 * - Every text and attribute value is escaped by escapeXml; element names are checked.
 */
import { escapeXml } from './escape.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Symbol key holding the attributes of an element object. */
export const ATTRS: unique symbol = Symbol('xml.attrs');
/** Symbol key holding the text content of an element that also has attributes. */
export const TEXT: unique symbol = Symbol('xml.text');

export type XmlScalar = string | number | bigint | boolean | Date;
export interface XmlObject {
  readonly [ATTRS]?: Readonly<Record<string, string>>;
  readonly [TEXT]?: XmlScalar;
  readonly [name: string]: XmlValue;
}
export type XmlValue = XmlScalar | XmlObject | readonly XmlValue[] | undefined | null;

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new TypeError(`invalid XML element name: ${JSON.stringify(name)}`);
  return name;
}

function scalarText(v: XmlScalar): string {
  if (v instanceof Date) return v.toISOString();
  return escapeXml(String(v));
}

function isScalar(v: unknown): v is XmlScalar {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean' || v instanceof Date;
}

function attrsText(attrs: Readonly<Record<string, string>> | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const [k, v] of Object.entries(attrs)) out += ` ${checkName(k)}="${escapeXml(v)}"`;
  return out;
}

function element(name: string, value: XmlValue, parts: string[], depth: number): void {
  if (depth > 64) throw new RangeError('XML document nested too deeply');
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value as readonly XmlValue[]) element(name, item, parts, depth);
    return;
  }
  checkName(name);
  if (isScalar(value)) {
    parts.push(`<${name}>`, scalarText(value), `</${name}>`);
    return;
  }
  const obj = value as XmlObject;
  parts.push(`<${name}${attrsText(obj[ATTRS])}>`);
  const text = obj[TEXT];
  if (text !== undefined) parts.push(scalarText(text));
  for (const key of Object.keys(obj)) element(key, obj[key], parts, depth + 1);
  parts.push(`</${name}>`);
}

export interface ToXmlOptions {
  /** xmlns of the root element: the S3 namespace by default; false for none. */
  readonly namespace?: string | false;
  /** Prepend the XML declaration (default true). */
  readonly declaration?: boolean;
}

/** Serializes one document with root element `root`. */
export function toXml(root: string, content: XmlObject, opts: ToXmlOptions = {}): string {
  const ns = opts.namespace === undefined ? S3_XMLNS : opts.namespace;
  const attrs: Record<string, string> = { ...(ns ? { xmlns: ns } : {}), ...(content[ATTRS] ?? {}) };
  const parts: string[] = [];
  if (opts.declaration !== false) parts.push(XML_DECLARATION);
  element(root, { ...content, [ATTRS]: attrs }, parts, 0);
  return parts.join('');
}
