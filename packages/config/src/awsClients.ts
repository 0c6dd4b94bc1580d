/**
 * Options shared by every AWS SDK client: bounded connect/request timeouts so an
 * unreachable service fails fast (ingest answers 503 instead of hanging), and
 * path-style S3 when an endpoint override (the local emulator) is in use.
 * AWS_ENDPOINT_URL is passed as an explicit `endpoint` so the SQS client sends
 * to it rather than to the host named in a queue URL.
 */
export function awsClientOptions(env: Record<string, string | undefined> = process.env) {
  return {
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true } : {}),
  };
}
