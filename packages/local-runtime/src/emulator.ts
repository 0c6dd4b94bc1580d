/** A running SQS/SNS/S3 emulator speaking the AWS wire protocols. */
export interface AwsEmulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs on 127.0.0.1 (only). The real `@aws-sdk/*` clients reach it through
 * endpoint configuration (`AWS_ENDPOINT_URL`), never through mocks. fauxqs is an ES module
 * only: it is loaded here, on first use, so CommonJS callers that never start it (test
 * files) can import this package.
 */
export async function startAwsEmulator(
  options: { port?: number; dataDir?: string } = {},
): Promise<AwsEmulator> {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({
    port: options.port ?? 0,
    // Listen on loopback only (fauxqs's own default is every interface); `host` merely
    // names the queue URLs (sqs.<region>.localhost).
    bindAddress: '127.0.0.1',
    host: 'localhost',
    logger: false,
    // SQLite persistence: queues, in-flight messages and objects survive a restart.
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    stop: () => server.stop(),
  };
}
