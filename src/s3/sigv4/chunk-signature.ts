/**
 * Signatures of aws-chunked bodies (streaming SigV4,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html):
 *
 *   chunk:   HMAC(kSigning, "AWS4-HMAC-SHA256-PAYLOAD\n" + date + "\n" + scope + "\n" +
 *                           previousSignature + "\n" + sha256("") + "\n" + sha256(chunkData))
 *   trailer: HMAC(kSigning, "AWS4-HMAC-SHA256-TRAILER\n" + date + "\n" + scope + "\n" +
 *                           previousSignature + "\n" + sha256(trailerLines))
 *
 * The first chunk's previous signature is the request's seed signature; the trailer's is the
 * final (zero-length) chunk's. trailerLines is every trailing header but the signature,
 * each as `name:value\n`.
 */
import { EMPTY_SHA256 } from './canonical-request.js';
import { hmacHex } from './signing-key.js';
import type { StreamingSigningContext } from './types.js';

export function chunkStringToSign(ctx: StreamingSigningContext, previousSignature: string, chunkSha256Hex: string): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${ctx.amzDate}\n${ctx.scope}\n${previousSignature}\n${EMPTY_SHA256}\n${chunkSha256Hex}`;
}

export function chunkSignature(ctx: StreamingSigningContext, previousSignature: string, chunkSha256Hex: string): string {
  return hmacHex(ctx.signingKey, chunkStringToSign(ctx, previousSignature, chunkSha256Hex));
}

export function trailerStringToSign(ctx: StreamingSigningContext, previousSignature: string, trailerSha256Hex: string): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${ctx.amzDate}\n${ctx.scope}\n${previousSignature}\n${trailerSha256Hex}`;
}

export function trailerSignature(ctx: StreamingSigningContext, previousSignature: string, trailerSha256Hex: string): string {
  return hmacHex(ctx.signingKey, trailerStringToSign(ctx, previousSignature, trailerSha256Hex));
}
