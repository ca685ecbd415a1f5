/**
 * The part of the ObjectLayer the S3 authorizer reads (bucket record, bucket config documents,
 * HeadObject for tags and object ACLs), in memory, and an AccountAuthorizer over it and a
 * MemoryDirectory: for decision tests without drives.
 */
import { BucketNotFoundError, ObjectNotFoundError } from '../../src/errors/domain-errors.js';
import type { GetBucketConfigRequest, HeadBucketRequest, HeadObjectRequest, BucketInfo, ObjectInfo, ObjectLayer } from '../../src/object/object-layer.js';
import { AccountAuthorizer } from '../../src/s3/pipeline/account-authorizer.js';
import type { AuthzRequest } from '../../src/s3/pipeline/authorize.js';
import { BucketAuthzCache } from '../../src/s3/pipeline/bucket-authz-cache.js';
import type { MemoryDirectory } from './memory-directory.js';

export class FakeBucketStore implements Pick<ObjectLayer, 'headBucket' | 'getBucketConfig' | 'headObject'> {
  readonly buckets = new Map<string, { owner: string | undefined; configs: Map<string, Buffer> }>();
  readonly objects = new Map<string, Record<string, string>>();
  headObjectCalls = 0;

  addBucket(name: string, owner: string | undefined, configs: Record<string, string> = {}): void {
    this.buckets.set(name, { owner, configs: new Map(Object.entries(configs).map(([k, v]) => [k, Buffer.from(v, 'utf8')])) });
  }

  setConfig(bucket: string, name: string, value: string | undefined): void {
    const b = this.buckets.get(bucket)!;
    if (value === undefined) b.configs.delete(name); else b.configs.set(name, Buffer.from(value, 'utf8'));
  }

  addObject(bucket: string, key: string, systemMetadata: Record<string, string> = {}): void {
    this.objects.set(`${bucket}/${key}`, systemMetadata);
  }

  async headBucket(req: HeadBucketRequest): Promise<BucketInfo> {
    const b = this.buckets.get(req.bucket);
    if (b === undefined) throw new BucketNotFoundError(req.bucket);
    return { name: req.bucket, created: new Date(0), region: 'us-east-1', ...(b.owner !== undefined ? { owner: b.owner } : {}) };
  }

  async getBucketConfig(req: GetBucketConfigRequest): Promise<Buffer | undefined> {
    const b = this.buckets.get(req.bucket);
    if (b === undefined) throw new BucketNotFoundError(req.bucket);
    return b.configs.get(req.name);
  }

  async headObject(req: HeadObjectRequest): Promise<ObjectInfo> {
    this.headObjectCalls++;
    const meta = this.objects.get(`${req.bucket}/${req.key}`);
    if (meta === undefined) throw new ObjectNotFoundError(req.bucket, req.key);
    return {
      bucket: req.bucket, key: req.key, versionId: 'null', isLatest: true, isDeleteMarker: false, size: 1, etag: 'e',
      lastModified: new Date(0), contentType: 'text/plain', userMetadata: {}, systemMetadata: meta, storageClass: 'STANDARD',
    };
  }
}

export interface AuthzHarness {
  readonly store: FakeBucketStore;
  readonly authorizer: AccountAuthorizer;
  /** May this access key ('' = anonymous) do `action` on bucket[/key]? */
  allowed(accessKey: string, action: string, bucket?: string, key?: string, keys?: Record<string, string>): Promise<boolean>;
}

export function authzHarness(directory: MemoryDirectory): AuthzHarness {
  const store = new FakeBucketStore();
  // No TTL: every decision sees the store as it is now.
  const authorizer = new AccountAuthorizer({ directory, buckets: new BucketAuthzCache({ objects: store, ttlMs: 0 }), objects: store });
  return {
    store,
    authorizer,
    allowed: async (accessKey, action, bucket, key, keys) => {
      const req: AuthzRequest = {
        accessKey, isAnonymous: accessKey === '', action,
        ...(bucket !== undefined ? { bucket } : {}), ...(key !== undefined ? { key } : {}),
        conditionKeys: () => ({ 'aws:SourceIp': '127.0.0.1', 'aws:SecureTransport': 'false', ...keys }),
      };
      return authorizer.isAllowed(req);
    },
  };
}
