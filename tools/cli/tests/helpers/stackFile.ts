import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyDir } from './run';

/** A stack.json as the local stack writes it. */
export const localStackInfo = {
  api_url: 'http://127.0.0.1:8787',
  api_key: 'local-dev-key',
  tenant_id: 'default',
  emulator_endpoint: 'http://127.0.0.1:4566',
  region: 'us-east-1',
  database_url: 'postgres://fluxa@127.0.0.1:54329/fluxa',
  queue_url: 'http://sqs.us-east-1.localhost:4566/000000000000/fluxa-local-events',
  dlq_url: 'http://sqs.us-east-1.localhost:4566/000000000000/fluxa-local-events-dlq',
  topic_arn: 'arn:aws:sns:us-east-1:000000000000:fluxa-local-events',
  notifications_queue_url:
    'http://sqs.us-east-1.localhost:4566/000000000000/fluxa-local-notifications',
  bucket: 'fluxa-local-payloads',
  control_url: 'http://127.0.0.1:8788',
  pids: { supervisor: 1 },
  started_at: '2026-11-23T10:00:00Z',
};

/** A repo-like directory with `.local/stack.json`; returns a nested working directory inside it. */
export function dirWithStackFile(content: unknown = localStackInfo): { root: string; cwd: string } {
  const root = emptyDir();
  mkdirSync(path.join(root, '.local'));
  writeFileSync(
    path.join(root, '.local', 'stack.json'),
    typeof content === 'string' ? content : JSON.stringify(content),
  );
  const cwd = path.join(root, 'cli', 'src');
  mkdirSync(cwd, { recursive: true });
  return { root, cwd };
}
