/**
 * GetObjectAttributes: GET /bucket/key?attributes with x-amz-object-attributes (a comma
 * list of ETag, Checksum, ObjectParts, StorageClass, ObjectSize), and for ObjectParts the
 * headers x-amz-max-parts (default 1,000) and x-amz-part-number-marker.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import {
  OBJECT_ATTRIBUTES, getObjectAttributesXml, type ObjectAttribute,
} from '../../xml/shapes/get-object-attributes-response.js';
import { headerInteger, headerValue } from '../common/header-value.js';
import { httpDate } from '../common/http-date.js';
import { requireObject, versionIdParam } from '../common/object-key.js';
import { showsVersionId } from '../common/versioning.js';
import { callerContext } from '../common/op-context.js';
import { CUSTOMER_PREFIX, parseCustomerKey } from '../common/sse-headers.js';

const MAX_PARTS = 1000;

export function parseObjectAttributes(value: string | undefined): Set<ObjectAttribute> {
  const names = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) {
    throw new S3Error('InvalidArgument', {
      message: 'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty',
      extra: { ArgumentName: 'x-amz-object-attributes', ArgumentValue: '' },
    });
  }
  const out = new Set<ObjectAttribute>();
  for (const name of names) {
    if (!(OBJECT_ATTRIBUTES as readonly string[]).includes(name)) {
      throw new S3Error('InvalidArgument', {
        message: 'Invalid attribute name specified.',
        extra: { ArgumentName: 'x-amz-object-attributes', ArgumentValue: name },
      });
    }
    out.add(name as ObjectAttribute);
  }
  return out;
}

export const getObjectAttributes: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const versionId = versionIdParam(req);
  const attributes = parseObjectAttributes(headerValue(req.headers, 'x-amz-object-attributes'));
  const maxParts = Math.min(headerInteger(req.headers, 'x-amz-max-parts') ?? MAX_PARTS, MAX_PARTS);
  const partNumberMarker = headerInteger(req.headers, 'x-amz-part-number-marker') ?? 0;

  const customerKey = parseCustomerKey(req.headers, CUSTOMER_PREFIX, req.secure === true);
  const info = await ctx.objects.headObject({
    bucket, key, ...(versionId !== undefined ? { versionId } : {}), ...(customerKey !== undefined ? { customerKey } : {}),
  }, callerContext(req));

  const headers: Record<string, string> = {
    'content-type': 'application/xml',
    'last-modified': httpDate(info.lastModified),
  };
  if (await showsVersionId(ctx.versioningStates, info, versionId)) headers['x-amz-version-id'] = info.versionId;
  return { status: 200, headers, body: getObjectAttributesXml({ info, attributes, maxParts, partNumberMarker }) };
};
