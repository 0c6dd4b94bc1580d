import { setTimeout as sleep } from 'node:timers/promises';
import { oldestOwedSeconds } from '@fluxa/db';
import type { RelayDeps } from './deps';
import { pageSize, relayOwedPage, relayReplayPage } from './pages';

/** What one run of the relay did. */
export interface RelayReport {
  /** Owed (live) notifications published. */
  published: number;
  /** Replayed notifications published. */
  replayed: number;
  /** How long the oldest notification still owed after the run has been stored, in seconds. */
  oldestOwedSeconds: number;
}

/**
 * The outbox relay: publishes, page by page, every stored event still unnotified after the
 * grace period — whatever became of its SQS message — then runs the pages of running replays.
 * Live notifications keep priority: every replay page comes after the owed rows are drained,
 * and replay pages are paced to `replayMaxPerSecond`, so a replay leaves the rest of SNS's
 * publish quota (and of a shared machine) to live traffic. A run stops at its time budget, when
 * there is nothing left, or at a failed publish (the next run retries; nothing is lost).
 */
export function createRelay(deps: RelayDeps) {
  return async (budgetMs: number): Promise<RelayReport> => {
    const deadline = Date.now() + budgetMs;
    const sql = await deps.database();
    const report: RelayReport = { published: 0, replayed: 0, oldestOwedSeconds: 0 };
    while (Date.now() < deadline) {
      const owed = await relayOwedPage(deps, sql);
      report.published += owed.published;
      if (owed.failed) break;
      if (owed.taken === pageSize) continue;
      const pageStarted = Date.now();
      const replay = await relayReplayPage(deps, sql);
      report.replayed += replay.published;
      if (!replay.worked || replay.failed) break;
      // The page may not end before its share of a second at the replay's rate.
      const pageEnds = pageStarted + (replay.published * 1000) / deps.config.replayMaxPerSecond;
      const pause = Math.min(pageEnds, deadline) - Date.now();
      if (pause > 0) await sleep(pause);
    }
    report.oldestOwedSeconds = await oldestOwedSeconds(sql);
    deps.metrics.count('relay_published', report.published);
    deps.metrics.count('replay_published', report.replayed);
    deps.metrics.seconds('relay_oldest_owed_seconds', report.oldestOwedSeconds);
    deps.logger.info(
      {
        published: report.published,
        replayed: report.replayed,
        oldest_owed_seconds: report.oldestOwedSeconds,
      },
      'relay run done',
    );
    await deps.metrics.flush();
    return report;
  };
}
