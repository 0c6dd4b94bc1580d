import {
  checkpointReplay,
  markNotified,
  replayPage,
  type Sql,
  takeOwed,
  takeRunningReplay,
} from '@fluxa/db';
import { publishNotifications } from '@fluxa/queue';
import type { RelayDeps } from './deps';

/** Rows per page: one select and one update each, the publishes of a page concurrent. */
export const pageSize = 500;

/**
 * `PublishBatch` calls of a replay page in flight at once: a page of 500 goes out as a stream
 * of 5 calls at a time over its paced interval, not 50 at once, so live publishes (and, on a
 * shared machine, live traffic) interleave with it.
 */
export const replayPublishConcurrency = 5;

/** What one page did. */
export interface PageOutcome {
  /** Whether there was work: owed rows, or a running replay. */
  worked: boolean;
  /** Rows the page took. */
  taken: number;
  published: number;
  /** Whether any publish failed (the page stays owed: the run stops, the next retries). */
  failed: boolean;
}

const nothing: PageOutcome = { worked: false, taken: 0, published: 0, failed: false };

/**
 * One page of owed notifications, in one transaction: takes the oldest rows stored and
 * unnotified for longer than the grace period (rows another relay holds are skipped), publishes
 * them from their stored rows, and sets `notified_at` on those SNS confirmed. A failed publish
 * leaves its row owed for the next page or run.
 */
export function relayOwedPage(deps: RelayDeps, sql: Sql): Promise<PageOutcome> {
  return sql.begin(async (tx) => {
    const owed = await takeOwed(tx, { graceSeconds: deps.config.graceSeconds, limit: pageSize });
    if (owed.length === 0) return nothing;
    const { published, failed } = await publishNotifications(deps.sns, deps.config.topicArn, owed);
    await markNotified(
      tx,
      published.map((n) => n.record),
    );
    const outcome = { taken: owed.length, published: published.length };
    return { ...outcome, worked: true, failed: failed.length > 0 };
  });
}

/**
 * One page of a running replay, in one transaction: takes the oldest running replay no other
 * relay works on, publishes its next page (each notification carrying the replay id), and
 * checkpoints it — or, when a publish failed, checkpoints nothing, so the page is published
 * again by the next run (at least once, nothing skipped). A page shorter than a full one ends
 * the replay.
 */
export function relayReplayPage(deps: RelayDeps, sql: Sql): Promise<PageOutcome> {
  return sql.begin(async (tx) => {
    const replay = await takeRunningReplay(tx);
    if (!replay) return nothing;
    const page = await replayPage(tx, replay, pageSize);
    const notifications = page.notifications.map((n) => ({ ...n, replayId: replay.replay_id }));
    const { published, failed } = await publishNotifications(
      deps.sns,
      deps.config.topicArn,
      notifications,
      { concurrency: replayPublishConcurrency },
    );
    if (failed.length > 0) {
      deps.logger.warn(
        { replay_id: replay.replay_id, reason: failed[0]?.reason, failed: failed.length },
        'a replay page failed to publish; the next run publishes it again',
      );
      return { worked: true, taken: page.notifications.length, published: 0, failed: true };
    }
    await checkpointReplay(tx, replay, {
      published: published.length,
      ...(page.last ? { last: page.last } : {}),
      done: page.notifications.length < pageSize,
    });
    const taken = page.notifications.length;
    return { worked: true, taken, published: published.length, failed: false };
  });
}
