/**
 * Public types of request authentication (SigV4 header / presigned / streaming, SigV2).
 * The pipeline builds an AuthRequest from the raw node:http request, calls authenticate(),
 * then decodeBody() with the AuthResult to get the verified payload stream.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface AuthRequest {
  readonly method: string;
  /** Path exactly as received, still percent-encoded (no query). */
  readonly rawPath: string;
  /** Everything after '?', as received ('' when none). */
  readonly rawQuery: string;
  /** Lower-cased header names (node:http). */
  readonly headers: IncomingHttpHeaders;
  /**
   * Optional node:http rawHeaders (name, value, name, value...). When given, repeated
   * headers are canonicalized exactly (joined with ',' as AWS does) instead of from the
   * ', '-joined values node:http builds.
   */
  readonly rawHeaders?: readonly string[];
  /**
   * Set by the router for virtual-hosted-style requests (bucket taken from Host). SigV2's
   * CanonicalizedResource needs it ('/' + bucket + path); SigV4 ignores it.
   */
  readonly virtualHostBucket?: string;
}

export interface CredentialStore {
  /**
   * The secret of an active key; undefined when unknown. `sessionToken` is the request's
   * x-amz-security-token (STS session keys): a store may throw a domain error for an expired
   * or invalid token (S3: ExpiredToken / InvalidToken).
   */
  secretFor(accessKey: string, sessionToken?: string): string | undefined;
}

export type PayloadMode =
  | { readonly kind: 'none' } // anonymous or SigV2: no payload hash claim
  | { readonly kind: 'unsigned' } // UNSIGNED-PAYLOAD
  | { readonly kind: 'sha256'; readonly expectedHex: string } // body must hash to this
  | { readonly kind: 'streaming-signed'; readonly trailer: boolean } // STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]
  | { readonly kind: 'streaming-unsigned-trailer' }; // STREAMING-UNSIGNED-PAYLOAD-TRAILER

/** What the aws-chunked decoder needs to verify chunk and trailer signatures. */
export interface StreamingSigningContext {
  readonly signingKey: Buffer;
  /** The request's own signature: the "previous signature" of the first chunk. */
  readonly seedSignature: string;
  /** ISO 8601 basic timestamp of the request (yyyyMMddTHHmmssZ). */
  readonly amzDate: string;
  /** Credential scope: yyyymmdd/region/s3/aws4_request. */
  readonly scope: string;
}

export interface AuthResult {
  /** '' for anonymous requests. */
  readonly accessKey: string;
  readonly anonymous: boolean;
  /** 4 for anonymous requests too (no signature version applies). */
  readonly version: 2 | 4;
  readonly payload: PayloadMode;
  /** Present for SigV4 (header or presigned); required by streaming-signed payloads. */
  readonly signing: StreamingSigningContext | undefined;
  /** How the request was signed. */
  readonly method: 'anonymous' | 'header' | 'presigned';
  /** Lower-cased trailer names announced by x-amz-trailer (streaming trailer modes), in order. */
  readonly expectedTrailers: readonly string[];
  /** x-amz-security-token (header or X-Amz-Security-Token query), for the STS layer to check. */
  readonly sessionToken: string | undefined;
}

export interface AuthOptions {
  readonly now: Date;
  /** The deployment's region; credentials must be scoped to it ('US' is read as us-east-1). */
  readonly region: string;
  /** The SigV4 service the credential scope must name (default `s3`; the STS endpoint: `sts`). */
  readonly service?: string;
  /**
   * The body's sha256 (hex) when the caller read the body before authenticating: services other
   * than S3 (STS, IAM) sign it without an x-amz-content-sha256 header.
   */
  readonly payloadHash?: string;
}

export interface DecodeBodyOptions {
  /** x-amz-decoded-content-length (streaming) or Content-Length; -1 when unknown. */
  readonly decodedLength: number;
}
