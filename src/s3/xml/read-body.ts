/**
 * Reading a whole request document (XML or JSON) with a hard byte cap, and parsing the XML
 * of an operation whose body mode is `xml` (operations.ts holds the cap per operation).
 */
import type { Readable } from 'node:stream';
import { S3Error } from '../../errors/s3-error.js';
import { OPERATIONS, isS3Operation } from '../operations.js';
import { parseXml, type XmlElement } from './parse-xml.js';

/** The part of a handler's S3Request that reading its document needs (xml/ stays below handlers/). */
export interface DocumentRequest {
  /** The AWS operation name: picks the byte cap from the operation table. */
  readonly op: string;
  readonly body: Readable;
  /** Declared decoded length; -1 unknown. */
  readonly contentLength: number;
}

/**
 * Buffers `body` up to `maxBytes`. Beyond the cap it stops reading and throws
 * MaxMessageLengthExceeded (the pipeline then closes the connection: the rest is unread).
 */
export async function readBodyCapped(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buf.length;
    if (total > maxBytes) {
      body.destroy();
      throw new S3Error('MaxMessageLengthExceeded');
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}

function capOf(req: DocumentRequest): number {
  if (!isS3Operation(req.op)) return 1024 * 1024;
  const mode = OPERATIONS[req.op].body;
  return mode.mode === 'xml' || mode.mode === 'json' ? mode.maxBytes : 1024 * 1024;
}

/** The raw document of the request, capped by the operation's body mode. */
export async function readDocument(req: DocumentRequest): Promise<Buffer> {
  const cap = capOf(req);
  if (req.contentLength > cap) throw new S3Error('MaxMessageLengthExceeded');
  return readBodyCapped(req.body, cap);
}

/**
 * Parses the request's XML document. An empty body gives undefined (several operations,
 * e.g. CreateBucket, accept one); handlers that need a document throw MissingRequestBodyError
 * or MalformedXML themselves.
 */
export async function readXmlBody(req: DocumentRequest): Promise<XmlElement | undefined> {
  const raw = await readDocument(req);
  if (raw.length === 0) return undefined;
  return parseXml(raw, { maxBytes: capOf(req) });
}
