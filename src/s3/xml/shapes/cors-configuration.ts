/**
 * The CORSConfiguration document of Put/GetBucketCors
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html):
 *   <CORSConfiguration><CORSRule>
 *     <ID/>? <AllowedOrigin/>+ <AllowedMethod/>+ <AllowedHeader/>* <ExposeHeader/>* <MaxAgeSeconds/>?
 *   </CORSRule>{1,100}</CORSConfiguration>
 * Validation as AWS answers it: a rule without origin or method, an unknown element, a
 * non-integer MaxAgeSeconds or an ID over 255 characters is MalformedXML; more than 100 rules,
 * a method other than GET/PUT/POST/DELETE/HEAD, an origin or allowed header with more than one
 * `*`, or a wildcard in an ExposeHeader is InvalidRequest with AWS's message.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../build-xml.js';
import { expectRoot, type XmlElement } from '../parse-xml.js';

export const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] as const;
export type CorsMethod = (typeof CORS_METHODS)[number];

export interface CorsRule {
  readonly id?: string;
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly CorsMethod[];
  readonly allowedHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds?: number;
}

export const MAX_CORS_RULES = 100;
const MAX_ID_CHARS = 255;

function isCorsMethod(m: string): m is CorsMethod {
  return (CORS_METHODS as readonly string[]).includes(m);
}

function wildcards(s: string): number {
  let n = 0;
  for (const c of s) if (c === '*') n++;
  return n;
}

function invalid(message: string): S3Error {
  return new S3Error('InvalidRequest', { message });
}

function parseRule(el: XmlElement): CorsRule {
  const origins: string[] = [];
  const methods: CorsMethod[] = [];
  const headers: string[] = [];
  const expose: string[] = [];
  let id: string | undefined;
  let maxAge: number | undefined;
  for (const c of el.children) {
    const text = c.text.trim();
    switch (c.name) {
      case 'ID':
        if (id !== undefined || text.length > MAX_ID_CHARS) throw new S3Error('MalformedXML');
        id = text;
        break;
      case 'AllowedOrigin':
        if (wildcards(text) > 1) throw invalid(`AllowedOrigin "${text}" can not have more than one wildcard.`);
        origins.push(text);
        break;
      case 'AllowedMethod':
        if (!isCorsMethod(text)) throw invalid(`Found unsupported HTTP method in CORS config. Unsupported method is ${text}`);
        methods.push(text);
        break;
      case 'AllowedHeader':
        if (wildcards(text) > 1) throw invalid(`AllowedHeader "${text}" can not have more than one wildcard.`);
        headers.push(text);
        break;
      case 'ExposeHeader':
        if (text.includes('*')) throw invalid(`ExposeHeader "${text}" contains wildcard. We currently do not support wildcard for ExposeHeader.`);
        expose.push(text);
        break;
      case 'MaxAgeSeconds':
        if (maxAge !== undefined || !/^\d{1,10}$/.test(text)) throw new S3Error('MalformedXML');
        maxAge = Number(text);
        break;
      default:
        throw new S3Error('MalformedXML');
    }
  }
  if (origins.length === 0 || methods.length === 0) throw new S3Error('MalformedXML');
  return {
    ...(id !== undefined ? { id } : {}),
    allowedOrigins: origins,
    allowedMethods: methods,
    allowedHeaders: headers,
    exposeHeaders: expose,
    ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
  };
}

export function parseCorsConfiguration(doc: XmlElement): CorsRule[] {
  expectRoot(doc, 'CORSConfiguration');
  if (doc.children.some((c) => c.name !== 'CORSRule')) throw new S3Error('MalformedXML');
  if (doc.children.length === 0) throw new S3Error('MalformedXML');
  if (doc.children.length > MAX_CORS_RULES) {
    throw invalid(`The CORS configuration must not have more than ${MAX_CORS_RULES} rules.`);
  }
  return doc.children.map(parseRule);
}

export function corsConfigurationXml(rules: readonly CorsRule[]): string {
  return toXml('CORSConfiguration', {
    CORSRule: rules.map((r) => ({
      ...(r.id !== undefined ? { ID: r.id } : {}),
      AllowedHeader: r.allowedHeaders,
      AllowedMethod: r.allowedMethods,
      AllowedOrigin: r.allowedOrigins,
      ExposeHeader: r.exposeHeaders,
      ...(r.maxAgeSeconds !== undefined ? { MaxAgeSeconds: r.maxAgeSeconds } : {}),
    })),
  });
}
