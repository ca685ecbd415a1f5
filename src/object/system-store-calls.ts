/**
 * Every ObjectLayer call the SystemStore makes, in one place: when the ObjectLayer's method
 * signatures change, only this file follows. Objects of the system bucket are plain,
 * unversioned objects, erasure coded, bitrot-checked and healed like user data.
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  BucketExistsError, BucketNotFoundError, ConditionalConflictError, ObjectDeletedError, ObjectNotFoundError, PreconditionFailedError,
} from '../errors/domain-errors.js';
import { SYSTEM_BUCKET } from './bucket-names.js';
import type { ObjectLayer } from './object-layer.js';

const CONTENT_TYPE = 'application/octet-stream';

/** Creates the system bucket unless it exists (also when another process creates it meanwhile). */
export async function ensureSystemBucket(layer: ObjectLayer): Promise<void> {
  try {
    await layer.headBucket({ bucket: SYSTEM_BUCKET });
    return;
  } catch (err) {
    if (!(err instanceof BucketNotFoundError)) throw err;
  }
  try {
    await layer.makeBucket({ bucket: SYSTEM_BUCKET });
  } catch (err) {
    if (!(err instanceof BucketExistsError)) throw err;
  }
}

/** The object's bytes, or undefined when it does not exist. */
export async function readSystemObject(layer: ObjectLayer, name: string): Promise<Buffer | undefined> {
  return (await readSystemObjectTagged(layer, name))?.bytes;
}

/** The object's bytes and ETag (for a later conditional write), or undefined when it does not exist. */
export async function readSystemObjectTagged(layer: ObjectLayer, name: string): Promise<{ bytes: Buffer; etag: string } | undefined> {
  try {
    const res = await layer.getObject({ bucket: SYSTEM_BUCKET, key: name });
    return { bytes: res.bytes ?? await buffer(res.body), etag: res.info.etag };
  } catch (err) {
    if (err instanceof ObjectNotFoundError || err instanceof ObjectDeletedError) return undefined;
    throw err;
  }
}

export interface SystemObjectWrite {
  readonly name: string;
  readonly bytes: Buffer;
  /** Store only if no object of that name exists (checked atomically at commit). */
  readonly onlyIfAbsent: boolean;
  /** Store only if the object's ETag is still this one (checked atomically at commit). */
  readonly ifMatch?: string;
}

/** Stores the object; false when `onlyIfAbsent` and one already exists. */
export async function writeSystemObject(layer: ObjectLayer, write: SystemObjectWrite): Promise<boolean> {
  try {
    await layer.putObject({
      bucket: SYSTEM_BUCKET,
      key: write.name,
      body: Readable.from([write.bytes]),
      size: write.bytes.length,
      contentType: CONTENT_TYPE,
      ...(write.onlyIfAbsent ? { conditions: { ifNoneMatch: '*' } } : {}),
      ...(write.ifMatch !== undefined ? { conditions: { ifMatch: write.ifMatch } } : {}),
    });
    return true;
  } catch (err) {
    const conditional = write.onlyIfAbsent || write.ifMatch !== undefined;
    if (conditional && (err instanceof PreconditionFailedError || err instanceof ConditionalConflictError || (write.ifMatch !== undefined && err instanceof ObjectNotFoundError))) return false;
    throw err;
  }
}

/** Removes the object; a missing one is not an error. */
export async function deleteSystemObject(layer: ObjectLayer, name: string): Promise<void> {
  await layer.deleteObject({ bucket: SYSTEM_BUCKET, key: name });
}
