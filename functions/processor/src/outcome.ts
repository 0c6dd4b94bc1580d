import type { RetryCode } from '@fluxa/models';
import type { SQSRecord } from 'aws-lambda';
import type { DeadRecord, RetryRecord } from './records';

/**
 * What a step decided for its records, one shape for every step: `done` (the step's result for
 * the records it finished), `dead` (given up: to the DLQ with a reason) and `retry` (handed
 * back to SQS). The handler folds the outcomes of its steps.
 */
export interface StepOutcome<T> {
  done: T[];
  dead: DeadRecord[];
  retry: RetryRecord[];
}

/** An outcome with only the parts given. */
export function outcomeOf<T>(parts: Partial<StepOutcome<T>> = {}): StepOutcome<T> {
  return { done: [], dead: [], retry: [], ...parts };
}

/** Every record handed back to SQS for one reason: a step that failed as a whole. */
export function retryAll(
  items: readonly { record: SQSRecord }[],
  code: RetryCode,
  error?: unknown,
): RetryRecord[] {
  return items.map(({ record }) => ({ record, code, error }));
}
