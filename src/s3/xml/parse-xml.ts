/**
 * A strict, size-bounded XML parser for S3 request documents (CreateBucketConfiguration,
 * VersioningConfiguration, Delete, CompleteMultipartUpload, Tagging, ...).
 *
 * Safety rules:
 * - DOCTYPE is refused outright, so no entity can be declared: no billion-laughs, no XXE.
 * - Only the five predefined entities and numeric character references are expanded.
 * - Input size, nesting depth and element count are capped; invalid UTF-8 is refused.
 * - Any violation is an S3Error: MalformedXML, or MaxMessageLengthExceeded for the size cap.
 *
 * The result is a plain element tree. Namespace prefixes are dropped from names (S3 uses one
 * default namespace); `text` is the concatenated character data directly inside an element,
 * untrimmed (object keys may begin or end with spaces).
 */
import { S3Error } from '../../errors/s3-error.js';

export interface XmlElement {
  /** Local name (prefix removed). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

export interface ParseXmlOptions {
  /** Bytes (UTF-8) of the document; default 1 MiB. */
  readonly maxBytes?: number;
  readonly maxDepth?: number;
  readonly maxElements?: number;
}

interface MutableElement {
  name: string;
  attributes: Record<string, string>;
  children: MutableElement[];
  text: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_RE = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function malformed(detail: string): S3Error {
  return new S3Error('MalformedXML', { cause: new Error(detail) });
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

class Parser {
  #s: string;
  #i = 0;
  #elements = 0;
  readonly #maxDepth: number;
  readonly #maxElements: number;

  constructor(s: string, maxDepth: number, maxElements: number) {
    this.#s = s;
    this.#maxDepth = maxDepth;
    this.#maxElements = maxElements;
  }

  parseDocument(): XmlElement {
    if (this.#s.charCodeAt(0) === 0xfeff) this.#i = 1;
    this.#misc();
    if (!this.#s.startsWith('<', this.#i)) throw malformed('no root element');
    const root = this.#element(1);
    this.#misc();
    if (this.#i !== this.#s.length) throw malformed('content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions (including the declaration). */
  #misc(): void {
    for (let guard = 0; guard < this.#s.length + 1; guard++) {
      this.#skipSpace();
      if (this.#s.startsWith('<?', this.#i)) {
        const end = this.#s.indexOf('?>', this.#i + 2);
        if (end < 0) throw malformed('unterminated processing instruction');
        this.#i = end + 2;
      } else if (this.#s.startsWith('<!--', this.#i)) {
        this.#comment();
      } else if (this.#s.startsWith('<!', this.#i)) {
        throw malformed('DOCTYPE and declarations are not allowed');
      } else {
        return;
      }
    }
  }

  #comment(): void {
    const end = this.#s.indexOf('-->', this.#i + 4);
    if (end < 0) throw malformed('unterminated comment');
    this.#i = end + 3;
  }

  #skipSpace(): void {
    const s = this.#s;
    while (this.#i < s.length) {
      const c = s.charCodeAt(this.#i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.#i++;
    }
  }

  #name(): string {
    if (!NAME_START.test(this.#s[this.#i] ?? '')) throw malformed(`name expected at ${this.#i}`);
    NAME_RE.lastIndex = this.#i;
    const m = NAME_RE.exec(this.#s);
    if (!m) throw malformed(`name expected at ${this.#i}`);
    this.#i += m[0].length;
    return m[0];
  }

  #element(depth: number): MutableElement {
    if (depth > this.#maxDepth) throw malformed('XML nested too deeply');
    if (++this.#elements > this.#maxElements) throw malformed('too many XML elements');
    this.#i++; // '<'
    const qname = this.#name();
    const el: MutableElement = { name: localName(qname), attributes: {}, children: [], text: '' };
    // attributes
    for (;;) {
      const before = this.#i;
      this.#skipSpace();
      if (this.#s.startsWith('/>', this.#i)) { this.#i += 2; return el; }
      if (this.#s[this.#i] === '>') { this.#i++; break; }
      if (this.#i === before) throw malformed(`unexpected character in tag <${qname}>`);
      const attr = this.#name();
      this.#skipSpace();
      if (this.#s[this.#i] !== '=') throw malformed(`'=' expected after attribute ${attr}`);
      this.#i++;
      this.#skipSpace();
      const quote = this.#s[this.#i];
      if (quote !== '"' && quote !== "'") throw malformed(`quoted value expected for attribute ${attr}`);
      const end = this.#s.indexOf(quote, this.#i + 1);
      if (end < 0) throw malformed('unterminated attribute value');
      const raw = this.#s.slice(this.#i + 1, end);
      if (raw.includes('<')) throw malformed("'<' in attribute value");
      if (Object.prototype.hasOwnProperty.call(el.attributes, attr)) throw malformed(`duplicate attribute ${attr}`);
      el.attributes[attr] = decodeEntities(raw);
      this.#i = end + 1;
    }
    // content
    const s = this.#s;
    for (;;) {
      if (this.#i >= s.length) throw malformed(`unclosed element <${qname}>`);
      const lt = s.indexOf('<', this.#i);
      if (lt < 0) throw malformed(`unclosed element <${qname}>`);
      if (lt > this.#i) {
        const raw = s.slice(this.#i, lt);
        if (raw.includes(']]>')) throw malformed("']]>' in character data");
        el.text += decodeEntities(raw);
        this.#i = lt;
      }
      if (s.startsWith('</', lt)) {
        this.#i = lt + 2;
        const closing = this.#name();
        this.#skipSpace();
        if (closing !== qname) throw malformed(`</${closing}> does not close <${qname}>`);
        if (s[this.#i] !== '>') throw malformed(`'>' expected after </${closing}`);
        this.#i++;
        return el;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) throw malformed('unterminated CDATA section');
        el.text += s.slice(lt + 9, end);
        this.#i = end + 3;
      } else if (s.startsWith('<!--', lt)) {
        this.#i = lt;
        this.#comment();
      } else if (s.startsWith('<?', lt)) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) throw malformed('unterminated processing instruction');
        this.#i = end + 2;
      } else if (s.startsWith('<!', lt)) {
        throw malformed('declarations are not allowed inside elements');
      } else {
        this.#i = lt;
        el.children.push(this.#element(depth + 1));
      }
    }
  }
}

const ENTITY = /&([^;&]{0,10});/g;

function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  if (raw.replace(ENTITY, '').includes('&')) throw malformed("bare '&' in character data");
  return raw.replace(ENTITY, (_m, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x';
      const digits = body.slice(hex ? 2 : 1);
      if (digits.length === 0 || !(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) throw malformed(`bad character reference &${body};`);
      const cp = Number.parseInt(digits, hex ? 16 : 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw malformed(`invalid character reference &${body};`);
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[body];
    if (v === undefined) throw malformed(`undeclared entity &${body};`);
    return v;
  });
}

/** Parses a complete document. Throws S3Error MalformedXML / MaxMessageLengthExceeded. */
export function parseXml(input: string | Uint8Array, opts: ParseXmlOptions = {}): XmlElement {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  let text: string;
  if (typeof input === 'string') {
    if (Buffer.byteLength(input, 'utf8') > maxBytes) throw new S3Error('MaxMessageLengthExceeded');
    text = input;
  } else {
    if (input.byteLength > maxBytes) throw new S3Error('MaxMessageLengthExceeded');
    try {
      text = decoder.decode(input);
    } catch (err) {
      throw new S3Error('MalformedXML', { cause: err });
    }
  }
  if (text.trim().length === 0) throw malformed('empty document');
  return new Parser(text, opts.maxDepth ?? 32, opts.maxElements ?? 200_000).parseDocument();
}

// ---- accessors for handlers ----

/** The first direct child named `name`, or undefined. */
export function childElement(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** All direct children named `name`. */
export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Text of the first direct child named `name`, or undefined when absent. */
export function childText(el: XmlElement, name: string): string | undefined {
  return childElement(el, name)?.text;
}

/** Throws MalformedXML unless the root element has the expected name. */
export function expectRoot(el: XmlElement, name: string): XmlElement {
  if (el.name !== name) throw malformed(`root element <${name}> expected, got <${el.name}>`);
  return el;
}
