/**
 * What a running local stack tells its users: written to `.local/stack.json`
 * by `make local` / `make local-up`, returned by `startLocalStack()`.
 */
export interface StackInfo {
  /** Base URL of the HTTP API (routes of SPEC §3), e.g. http://127.0.0.1:8787 */
  api_url: string;
  /** A key accepted in `x-api-key`. */
  api_key: string;
  /** SQS/SNS/S3 emulator endpoint for the AWS SDK (`AWS_ENDPOINT_URL`). */
  emulator_endpoint: string;
  region: string;
  /** Superuser URL of the stack's database (local only; never logged). */
  database_url: string;
  queue_url: string;
  dlq_url: string;
  topic_arn: string;
  /** A queue subscribed (raw delivery) to the topic: what a subscriber would receive. */
  notifications_queue_url: string;
  bucket: string;
  /** Supervisor control endpoint: POST /poller/kill, /postgres/stop, /postgres/start, /emulator/stop, /emulator/start. */
  control_url: string;
  pids: Record<string, number>;
  started_at: string;
}
