/**
 * The ACL Cairn reports: the owner holds FULL_CONTROL and nobody else has a grant, which is
 * what AWS returns for a bucket or object under the default BucketOwnerEnforced ownership.
 */
import { ATTRS, toXml } from '../../xml/build-xml.js';
import { ownerOf } from '../../xml/shapes/owner.js';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export function ownerFullControlXml(accessKey: string): string {
  const owner = ownerOf(accessKey);
  return toXml('AccessControlPolicy', {
    Owner: { ID: owner.ID, DisplayName: owner.DisplayName },
    AccessControlList: {
      Grant: {
        Grantee: { [ATTRS]: { 'xmlns:xsi': XSI, 'xsi:type': 'CanonicalUser' }, ID: owner.ID, DisplayName: owner.DisplayName },
        Permission: 'FULL_CONTROL',
      },
    },
  });
}
