import { followMoveTask, type MoveTaskState } from '../src/dlq/moveTask';

/**
 * The states a move task goes through, one per read, the last repeated: what
 * ListMessageMoveTasks reports on an SQS that implements move tasks (the test emulator
 * does not, so `dlq.test.ts` covers the fallback against it).
 */
function taskStates(states: MoveTaskState[]): () => Promise<MoveTaskState | undefined> {
  let read = 0;
  return async () => states[Math.min(read++, states.length - 1)];
}

describe('message move task', () => {
  it('follows a task to completion, reporting progress on the way', async () => {
    // Prepare
    const readState = taskStates([
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
    const report = await followMoveTask('task-1', readState, {
      timeoutMs: 5_000,
      intervalMs: 1,
      onProgress: (moved) => progress.push(moved),
    });

    // Assess
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
    const readState = taskStates([
      { TaskHandle: 'task-1', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 5 },
    ]);

    // Act
    const report = await followMoveTask('task-1', readState, { timeoutMs: 30, intervalMs: 10 });

    // Assess
    expect(report).toMatchObject({ status: 'RUNNING', moved: 5 });
  });

  it('reports a failed task with its reason', async () => {
    // Prepare
    const readState = taskStates([
      { TaskHandle: 'task-1', Status: 'FAILED', FailureReason: 'AccessDenied on the destination' },
    ]);

    // Act
    const report = await followMoveTask('task-1', readState, { timeoutMs: 1_000, intervalMs: 1 });

    // Assess
    expect(report).toMatchObject({
      status: 'FAILED',
      failure_reason: 'AccessDenied on the destination',
    });
  });
});
