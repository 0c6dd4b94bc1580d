import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { sleep } from '../poll';

/** The outcome of a redrive by SQS's own message move task. */
export interface MoveTaskReport {
  method: 'message-move-task';
  task_handle: string;
  /** RUNNING (when we stopped following it), COMPLETED, CANCELLED or FAILED. */
  status: string;
  moved: number;
  to_move: number;
  failure_reason?: string;
}

/** Error names by which a service says it has no such operation (fauxqs: InvalidAction). */
const unsupportedNames = new Set([
  'InvalidAction',
  'InvalidActionException',
  'UnsupportedOperation',
  'UnknownOperationException',
  'UnknownOperation',
  'NotImplemented',
]);

/** Whether an SDK error means "this service does not implement StartMessageMoveTask". */
export function isUnsupportedOperation(error: unknown): boolean {
  return error instanceof Error && unsupportedNames.has(error.name);
}

/** A queue's ARN. */
export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes: attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return attributes?.QueueArn ?? '';
}

/**
 * Starts SQS's server-side redrive (StartMessageMoveTask) from the DLQ to the main
 * queue; resolves to its handle, or to undefined when the service does not
 * implement the operation (emulators), so the caller can fall back.
 */
export async function startMoveTask(
  sqs: SQSClient,
  sourceArn: string,
  destinationArn?: string,
): Promise<string | undefined> {
  try {
    const started = await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: sourceArn,
        ...(destinationArn ? { DestinationArn: destinationArn } : {}),
      }),
    );
    return started.TaskHandle ?? '';
  } catch (error) {
    if (isUnsupportedOperation(error)) return undefined;
    throw error;
  }
}

/** A move task's state, as ListMessageMoveTasks reports it. */
export type MoveTaskState = ListMessageMoveTasksResultEntry;

/** The state of the move task `taskHandle` from the DLQ (else the DLQ's most recent one). */
export async function moveTaskState(
  sqs: SQSClient,
  sourceArn: string,
  taskHandle: string,
): Promise<MoveTaskState | undefined> {
  const { Results: results = [] } = await sqs.send(
    new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
  );
  return results.find((result) => result.TaskHandle === taskHandle) ?? results[0];
}

/**
 * Follows a move task, reading its state (see {@link moveTaskState}) every `intervalMs`
 * until it ends or `timeoutMs` passes (then it keeps running server-side; status RUNNING).
 */
export async function followMoveTask(
  taskHandle: string,
  readState: () => Promise<MoveTaskState | undefined>,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    signal?: AbortSignal;
    onProgress?: (moved: number, toMove: number) => void;
  },
): Promise<MoveTaskReport> {
  const deadline = Date.now() + options.timeoutMs;
  const report: MoveTaskReport = {
    method: 'message-move-task',
    task_handle: taskHandle,
    status: 'RUNNING',
    moved: 0,
    to_move: 0,
  };
  for (;;) {
    const task = await readState();
    if (task) {
      report.status = task.Status ?? report.status;
      report.moved = task.ApproximateNumberOfMessagesMoved ?? report.moved;
      report.to_move = task.ApproximateNumberOfMessagesToMove ?? report.to_move;
      if (task.FailureReason) report.failure_reason = task.FailureReason;
      options.onProgress?.(report.moved, report.to_move);
    }
    if (report.status !== 'RUNNING' && report.status !== 'CANCELLING') return report;
    if (Date.now() >= deadline || options.signal?.aborted) return report;
    await sleep(options.intervalMs ?? 1000, options.signal).catch(() => undefined);
  }
}
