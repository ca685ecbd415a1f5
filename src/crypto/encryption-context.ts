/**
 * Encryption contexts: the bucket, key and account an object key is sealed for, as canonical
 * JSON (keys sorted, no whitespace, JSON string escapes), used as additional authenticated
 * data. The same context always gives the same bytes; a different value of any field gives
 * different bytes, so a key sealed for one object or account never opens for another.
 */
export interface ObjectContext {
  readonly bucket: string;
  readonly key: string;
  readonly account: string;
}

/** Any string-valued context (a KMS context may carry more fields than an object's). */
export type EncryptionContext = Readonly<Record<string, string>>;

/** Canonical JSON of a context: `{"account":"..","bucket":"..","key":".."}` for an object. */
export function canonicalContext(context: EncryptionContext): string {
  const names = Object.keys(context).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(context[n])}`).join(',')}}`;
}

/** The context of an object as a plain record. */
export function objectContext(object: ObjectContext): EncryptionContext {
  return { account: object.account, bucket: object.bucket, key: object.key };
}
