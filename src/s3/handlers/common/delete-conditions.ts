/**
 * The conditions of a conditional delete, read from DeleteObject's headers or from one
 * <Object> of a DeleteObjects document
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html: If-Match,
 * x-amz-if-match-last-modified-time, x-amz-if-match-size;
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ObjectIdentifier.html: ETag,
 * LastModifiedTime, Size). The time is an HTTP date in the header (what the SDKs send for a
 * timestamp header) and ISO 8601 in the document; either form is accepted in both. A value
 * that is not a date or not a non-negative integer is 400 InvalidArgument naming it.
 * The object layer evaluates them (object/delete-conditions.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../../errors/s3-error.js';
import type { DeleteConditions } from '../../../object/object-layer.js';
import { normalizeEtagList } from './conditions.js';
import { nonEmptyHeader } from './header-value.js';
import { parseHttpDate } from './http-date.js';

const SIZE = /^[0-9]{1,16}$/;

function invalid(name: string, value: string): S3Error {
  return new S3Error('InvalidArgument', { message: `Invalid value for ${name}.`, extra: { ArgumentName: name, ArgumentValue: value } });
}

/** Raw condition values (undefined = absent) -> DeleteConditions, undefined when none is given. */
export function deleteConditionsOf(raw: {
  readonly ifMatch?: string | undefined;
  readonly lastModifiedTime?: { readonly name: string; readonly value: string | undefined };
  readonly size?: { readonly name: string; readonly value: string | undefined };
}): DeleteConditions | undefined {
  const ifMatch = normalizeEtagList(raw.ifMatch);
  let time: Date | undefined;
  const t = raw.lastModifiedTime?.value;
  if (t !== undefined) {
    time = parseHttpDate(t);
    if (time === undefined) throw invalid(raw.lastModifiedTime!.name, t);
  }
  let size: number | undefined;
  const sz = raw.size?.value;
  if (sz !== undefined) {
    if (!SIZE.test(sz)) throw invalid(raw.size!.name, sz);
    size = Number(sz);
  }
  if (ifMatch === undefined && time === undefined && size === undefined) return undefined;
  return {
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(time !== undefined ? { ifMatchLastModifiedTime: time } : {}),
    ...(size !== undefined ? { ifMatchSize: size } : {}),
  };
}

/** DeleteObject: If-Match, x-amz-if-match-last-modified-time, x-amz-if-match-size. */
export function deleteHeaderConditions(headers: IncomingHttpHeaders): DeleteConditions | undefined {
  return deleteConditionsOf({
    ifMatch: nonEmptyHeader(headers, 'if-match'),
    lastModifiedTime: { name: 'x-amz-if-match-last-modified-time', value: nonEmptyHeader(headers, 'x-amz-if-match-last-modified-time') },
    size: { name: 'x-amz-if-match-size', value: nonEmptyHeader(headers, 'x-amz-if-match-size') },
  });
}
