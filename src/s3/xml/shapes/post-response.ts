/**
 * The PostResponse document of a browser POST upload answered with success_action_status=201
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html):
 * <PostResponse><Location/><Bucket/><Key/><ETag/></PostResponse>.
 */
import { toXml } from '../build-xml.js';

export interface PostResponseShape {
  readonly location: string;
  readonly bucket: string;
  readonly key: string;
  /** Quoted, as in the ETag header. */
  readonly etag: string;
}

export function postResponseXml(r: PostResponseShape): string {
  return toXml('PostResponse', { Location: r.location, Bucket: r.bucket, Key: r.key, ETag: r.etag }, { namespace: false });
}
