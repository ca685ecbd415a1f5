/** An @aws-sdk/client-s3 client aimed at a spawned Cairn server (path style, us-east-1, no retries). */
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from './server.js';

export function sdkClient(server: CairnServer, extra: Partial<S3ClientConfig> = {}): S3Client {
  // The SDK warns once per process that future releases will need Node 22; noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
    maxAttempts: 1,
    ...extra,
  });
}

/** The S3 error code of an SDK failure (`err.name`, or Code from the body), plus the HTTP status. */
export async function s3Failure(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.Code ?? e.name ?? 'unknown', status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the S3 call to fail, but it succeeded');
}

/** Streams an SDK body into a Buffer. */
export async function bodyBytes(body: unknown): Promise<Buffer> {
  const b = body as { transformToByteArray?: () => Promise<Uint8Array> } | undefined;
  if (!b?.transformToByteArray) throw new Error('response has no body');
  return Buffer.from(await b.transformToByteArray());
}

/** A spawned server, an SDK client aimed at it and one bucket: the shared set-up of the SDK suites. */
export interface SdkSuite {
  readonly server: CairnServer;
  readonly s3: S3Client;
  /** Destroys the client and stops the server (drives removed). */
  stop(): Promise<void>;
}

export async function startSdkSuite(opts: { bucket: string; drives?: number }): Promise<SdkSuite> {
  const server = await startServer(opts.drives === undefined ? {} : { drives: opts.drives });
  const s3 = sdkClient(server);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: opts.bucket }));
  } catch (err) {
    s3.destroy();
    await server.stop();
    throw err;
  }
  return {
    server,
    s3,
    async stop() {
      s3.destroy();
      await server.stop();
    },
  };
}
