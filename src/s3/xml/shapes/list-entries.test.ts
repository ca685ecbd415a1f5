import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MultipartUploadInfo, ObjectInfo } from '../../../object/object-layer.js';
import { toXml, type XmlObject } from '../build-xml.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import { appendCommonPrefixes, contentsXml, listingDocument, ownerXml, uploadXml, versionXml } from './list-entries.js';
import { XmlBytes } from '../xml-bytes.js';

// The one-pass renderers must write exactly what the generic builder writes for the same
// element (the shapes used it for every entry before): references below.

const owner = { ID: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', DisplayName: 'a<b>&"c\'' };
const fragment = (name: string, body: XmlObject): string => toXml(name, body, { namespace: false, declaration: false });
const ownerObj = { ID: owner.ID, DisplayName: owner.DisplayName };

const KEYS = ['plain.txt', 'a b+c', 'x&y<z>"q\'', 'ctl\u0001\u001f\r\tend', 'ünï/çødé/日本', 'lone\uD800surrogate', 'emoji 😀', ']]>'];

function info(key: string, i: number): ObjectInfo {
  return {
    bucket: 'b', key, versionId: i % 2 ? 'null' : '0190a1b2c3d4e5f60718293a4b5c6d7e', isLatest: i % 3 === 0,
    isDeleteMarker: i % 4 === 3, size: i * 1000 + 7, etag: i % 5 ? 'fba9dede5f27731c9771645a39863328' : 'abc-3',
    lastModified: new Date(1_700_000_000_123 + i), contentType: 'x', userMetadata: {}, systemMetadata: {},
    storageClass: i % 2 ? 'STANDARD' : 'REDUCED_REDUNDANCY',
    ...(i % 3 === 1 ? { checksum: { algorithm: 'CRC64NVME' as const, type: 'FULL_OBJECT' as const, value: 'AAAA' } } : {}),
  };
}

for (const enc of [undefined, 'url'] as EncodingType[]) {
  test(`Contents, Version and DeleteMarker render as the generic builder does (encoding ${enc ?? 'none'})`, () => {
    KEYS.forEach((key, i) => {
      const o = info(key, i);
      for (const withOwner of [false, true]) {
        const expected = fragment('Contents', {
          Key: encodeName(o.key, enc), LastModified: o.lastModified, ETag: `"${o.etag}"`,
          ChecksumAlgorithm: o.checksum?.algorithm, ChecksumType: o.checksum?.type, Size: o.size,
          StorageClass: o.storageClass, Owner: withOwner ? ownerObj : undefined,
        });
        assert.equal(contentsXml(o, enc, ownerXml(withOwner ? owner : undefined)), expected, key);
      }
      const expectedVersion = o.isDeleteMarker
        ? fragment('DeleteMarker', { Key: encodeName(o.key, enc), VersionId: o.versionId, IsLatest: o.isLatest, LastModified: o.lastModified, Owner: ownerObj })
        : fragment('Version', {
          Key: encodeName(o.key, enc), VersionId: o.versionId, IsLatest: o.isLatest, LastModified: o.lastModified,
          ETag: `"${o.etag}"`, ChecksumAlgorithm: o.checksum?.algorithm, ChecksumType: o.checksum?.type,
          Size: o.size, StorageClass: o.storageClass, Owner: ownerObj,
        });
      assert.equal(versionXml(o, enc, ownerXml(owner)), expectedVersion, key);
    });
  });

  test(`Upload and CommonPrefixes render as the generic builder does (encoding ${enc ?? 'none'})`, () => {
    KEYS.forEach((key, i) => {
      const u: MultipartUploadInfo = {
        bucket: 'b', key, uploadId: `0190a1b2c3d4e5f60718293a4b5c6d${String(i).padStart(2, '0')}`,
        initiated: new Date(1_700_000_000_000 + i), storageClass: 'STANDARD', systemMetadata: {},
        ...(i % 2 ? { checksumAlgorithm: 'SHA256' as const } : {}), ...(i % 3 ? { checksumType: 'COMPOSITE' as const } : {}),
      };
      const expected = fragment('Upload', {
        Key: encodeName(u.key, enc), UploadId: u.uploadId, Initiator: ownerObj, Owner: ownerObj,
        StorageClass: u.storageClass, Initiated: u.initiated, ChecksumAlgorithm: u.checksumAlgorithm, ChecksumType: u.checksumType,
      });
      assert.equal(uploadXml(u, enc, ownerXml(owner, 'Initiator'), ownerXml(owner)), expected, key);
    });
    const prefixes = listingDocument('<T></T>', 'T', (out) => appendCommonPrefixes(out, KEYS, enc));
    assert.equal(prefixes.toString('utf8'), fragment('T', { CommonPrefixes: KEYS.map((p) => ({ Prefix: encodeName(p, enc) })) }));
    assert.equal(listingDocument('<T></T>', 'T', (out) => appendCommonPrefixes(out, [], enc)).toString('utf8'), '<T></T>');
  });
}

test('XmlBytes grows past its first buffer and keeps every byte (multi-byte text included)', () => {
  const out = new XmlBytes();
  const pieces = Array.from({ length: 5000 }, (_, i) => `<K>${i % 3 === 0 ? 'ünï😀' : 'plain'}${i}</K>`);
  for (const p of pieces) out.append(p);
  assert.equal(out.bytes().toString('utf8'), pieces.join(''));
  assert.ok(out.bytes().length > 64 * 1024);
});
