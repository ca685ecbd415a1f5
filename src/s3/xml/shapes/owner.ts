/**
 * The Owner / Initiator element of listings. Cairn has one account per deployment; the
 * owner is identified by a canonical user ID derived from the access key (64 hex digits,
 * the shape of an S3 canonical ID), with the access key as display name.
 */
import { createHash } from 'node:crypto';

export interface Owner {
  readonly ID: string;
  readonly DisplayName: string;
}

export function ownerOf(accessKey: string): Owner {
  return { ID: createHash('sha256').update(`cairn-owner:${accessKey}`).digest('hex'), DisplayName: accessKey };
}
