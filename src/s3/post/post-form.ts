/**
 * What the pipeline hands the PostObject handler once a browser POST upload is authenticated
 * and its policy checked (s3/pipeline/post-object-auth.ts): the object key (with `${filename}`
 * replaced), the form fields before the file, and the file stream (its content-length-range
 * enforced while it streams).
 */
import type { Readable } from 'node:stream';

export interface PostForm {
  readonly key: string;
  /** Lower-cased field names -> values, the fields before the file. */
  readonly fields: ReadonlyMap<string, string>;
  /** The file part's filename ('' when absent) and Content-Type (when sent). */
  readonly filename: string;
  readonly fileContentType: string | undefined;
  readonly file: Readable;
  /** How the request came in (the Location of the object names it). */
  readonly scheme: 'http' | 'https';
}
