import {
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { followMoveTask, startMoveTask } from '../src/dlq/moveTask';

/**
 * A stand-in for an SQS endpoint that implements message move tasks (the test
 * emulator does not): answers StartMessageMoveTask and then the given
 * ListMessageMoveTasks states in turn. Everything else in this package runs
 * against the real emulator.
 */
function moveTaskService(states: ListMessageMoveTasksResultEntry[]) {
  const calls: unknown[] = [];
  let poll = 0;
  const client = {
    send: async (command: unknown) => {
      calls.push(command);
      if (command instanceof StartMessageMoveTaskCommand) return { TaskHandle: 'task-1' };
      if (command instanceof ListMessageMoveTasksCommand) {
        const state = states[Math.min(poll, states.length - 1)];
        poll += 1;
        return { Results: state ? [state] : [] };
      }
      throw new Error('unexpected command');
    },
  } as unknown as SQSClient;
  return { client, calls };
}

describe('message move task', () => {
  it('starts the task from the DLQ to the main queue and follows it to completion', async () => {
    // Prepare
    const { client, calls } = moveTaskService([
      {
        TaskHandle: 'task-1',
        Status: 'RUNNING',
        ApproximateNumberOfMessagesMoved: 1,
        ApproximateNumberOfMessagesToMove: 3,
      },
      {
        TaskHandle: 'task-1',
        Status: 'COMPLETED',
        ApproximateNumberOfMessagesMoved: 3,
        ApproximateNumberOfMessagesToMove: 3,
      },
    ]);
    const progress: number[] = [];

    // Act
    const handle = await startMoveTask(client, 'arn:dlq', 'arn:main');
    const report = await followMoveTask(client, 'arn:dlq', handle ?? '', {
      timeoutMs: 5_000,
      intervalMs: 1,
      onProgress: (moved) => progress.push(moved),
    });

    // Assess
    expect((calls[0] as StartMessageMoveTaskCommand).input).toEqual({
      SourceArn: 'arn:dlq',
      DestinationArn: 'arn:main',
    });
    expect(report).toEqual({
      method: 'message-move-task',
      task_handle: 'task-1',
      status: 'COMPLETED',
      moved: 3,
      to_move: 3,
    });
    expect(progress).toEqual([1, 3]);
  });

  it('stops following a task that outlives --max-wait and says it is still running', async () => {
    // Prepare
    const { client } = moveTaskService([
      { TaskHandle: 'task-1', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 5 },
    ]);

    // Act
    const report = await followMoveTask(client, 'arn:dlq', 'task-1', {
      timeoutMs: 30,
      intervalMs: 10,
    });

    // Assess
    expect(report).toMatchObject({ status: 'RUNNING', moved: 5 });
  });

  it('reports a failed task with its reason', async () => {
    // Prepare
    const { client } = moveTaskService([
      { TaskHandle: 'task-1', Status: 'FAILED', FailureReason: 'AccessDenied on the destination' },
    ]);

    // Act
    const report = await followMoveTask(client, 'arn:dlq', 'task-1', {
      timeoutMs: 1_000,
      intervalMs: 1,
    });

    // Assess
    expect(report).toMatchObject({
      status: 'FAILED',
      failure_reason: 'AccessDenied on the destination',
    });
  });
});
