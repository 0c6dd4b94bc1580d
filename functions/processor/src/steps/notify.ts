import { markNotified, type Sql } from '@fluxa/db';
import { type OutgoingNotification, publishNotifications } from '@fluxa/queue';
import type { ProcessorDeps } from '../deps';
import type { Persisted } from './persisted';

/** What notifying the batch's new events did. */
export interface NotifyResult {
  published: number;
  /** Not published now: still owed, and published by the relay after its grace period. */
  owed: number;
}

/**
 * After commit: publishes the events this batch stored, each built from its stored row, then
 * records `notified_at`. Nothing is retried on a failure: the event is stored, and a row still
 * unnotified is the relay's to publish (after a grace period that lets this step finish first),
 * so notification never depends on this record's message.
 */
export async function notifyStep(
  deps: Pick<ProcessorDeps, 'sns' | 'config' | 'logger'>,
  sql: Sql | undefined,
  persisted: Persisted[],
): Promise<NotifyResult> {
  const notifications = persisted.flatMap(({ item, record }): OutgoingNotification[] => {
    if (!record) return [];
    const { traceparent } = item.event;
    return [traceparent === undefined ? { record } : { record, traceparent }];
  });
  if (!sql || notifications.length === 0) return { published: 0, owed: 0 };
  const { published, failed } = await publishNotifications(
    deps.sns,
    deps.config.topicArn,
    notifications,
  );
  if (failed.length > 0) {
    const [first] = failed;
    deps.logger.warn(
      { reason: first?.reason, owed: failed.length },
      'notifications not published; the relay publishes them',
    );
  }
  try {
    await markNotified(
      sql,
      published.map((n) => n.record),
    );
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not record notified_at; the relay may publish again');
  }
  return { published: published.length, owed: failed.length };
}
