import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitUntil } from '@fluxa/local-runtime';
import { aValidEvent, freshEventId, type TestEvent } from '@fluxa/testing';
import { sendArgs } from './helpers/events';
import { fluxa } from './helpers/run';
import { startTestStack, type TestStack } from './helpers/stack';

/** Keys of tenants each test has to itself, so what a test reads is exactly what it sent. */
const keys = {
  replay: 'cli-replay-key',
  export: 'cli-export-key',
  other: 'cli-other-key',
  erase: 'cli-erase-key',
};

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack([
    `${keys.replay}@replayco:write+read+replay`,
    `${keys.export}@exportco:write+read`,
    `${keys.other}@otherco:write+read+replay`,
    `${keys.erase}@eraseco:write+read+erase`,
  ]);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

/** `fluxa …` from the stack's directory with one tenant's key. */
const runAs = (key: string, ...argv: string[]) =>
  fluxa([...argv, '--api-key', key], { cwd: stack.cwd, env: {}, progressIntervalMs: 200 });

/** `fluxa …` from the stack's directory, reading its queues (no key). */
const run = (...argv: string[]) =>
  fluxa(argv, { cwd: stack.cwd, env: {}, progressIntervalMs: 200 });

/** Sends the events with one tenant's key and waits until the database holds them. */
async function sendStored(key: string, events: TestEvent[]): Promise<void> {
  const file = `${freshEventId('events')}.json`;
  writeFileSync(path.join(stack.cwd, file), JSON.stringify(events));
  const sent = await runAs(key, 'send', '--file', file);
  if (sent.code !== 0) throw new Error(`fluxa send --file failed: ${sent.stderr}`);
  await stack.waitUntilStored(events.map((event) => event.event_id));
}

/** The `--json` lines of `fluxa tail`. */
const tailed = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as {
          attributes: Record<string, string>;
          notification: { event_id: string; tenant_id: string; replay_id?: string };
        },
    );

describe('fluxa tail and fluxa replay', () => {
  it('prints each stored event’s notification, then its replayed one, and the replay ends done', async () => {
    // Prepare
    const since = new Date(Date.now() - 1000).toISOString();
    const events = [aValidEvent({ user_id: 'u-replay' }), aValidEvent({ user_id: 'u-replay' })];
    const sentIds = events.map((event) => event.event_id).sort();
    await sendStored(keys.replay, events);
    const live = await run('tail', '--tenant', 'replayco', '--count', '2', '--json');

    // Act
    const replay = await runAs(keys.replay, 'replay', '--stored-after', since, '--wait', '--json');
    const replayed = await run('tail', '--tenant', 'replayco', '--count', '2', '--json');

    // Assess
    expect(live.code).toBe(0);
    expect(
      tailed(live.stdout)
        .map((line) => line.notification.event_id)
        .sort(),
    ).toEqual(sentIds);
    expect(tailed(live.stdout).every((line) => line.notification.replay_id === undefined)).toBe(
      true,
    );
    expect(replay.code).toBe(0);
    const done = replay.json() as { replay_id: string; status: string };
    expect(done).toMatchObject({ status: 'done', matched: 2, published: 2 });
    expect(replay.stderr).toMatch(/^replaying: 2\/2 events \(100%\)/m);
    const copies = tailed(replayed.stdout);
    expect(copies.map((line) => line.notification.event_id).sort()).toEqual(sentIds);
    expect(copies.map((line) => line.attributes.replay_id)).toEqual([
      done.replay_id,
      done.replay_id,
    ]);
  });

  it('prints a notification as one line: tenant, event id, amount with its currency', async () => {
    // Prepare
    const event = aValidEvent({ user_id: 'u-tail', amount: 1500, currency: 'JPY' });
    await sendStored(keys.replay, [event]);

    // Act
    const result = await run('tail', '--tenant', 'replayco', '--count', '1');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`replayco  ${event.event_id}  JPY 1,500\n`);
    expect(result.stderr).toMatch(/^following \S+fluxa-local-notifications \(\d+ waiting\)/);
    expect(result.stderr).toContain('1 notification(s) printed');
  });

  it('counts a dry run and lists the replays, newest first', async () => {
    // Prepare
    const events = [aValidEvent({ user_id: 'u-dry' }), aValidEvent({ user_id: 'u-dry' })];
    await sendStored(keys.replay, events);

    // Act
    const dry = await runAs(
      keys.replay,
      'replay',
      '--stored-after',
      '1h',
      '--user',
      'u-dry',
      '--dry-run',
      '--json',
    );
    const listed = await runAs(keys.replay, 'replay', 'ls', '--json');

    // Assess
    expect(dry.json()).toEqual({ matched: 2, dry_run: true });
    const items = (listed.json() as { items: Array<{ created_at: string }> }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((item) => item.created_at)).toEqual(
      [...items.map((item) => item.created_at)].sort().reverse(),
    );
  });

  it('refuses a window longer than a replay covers before sending it, exit 2', async () => {
    // Act
    const result = await runAs(keys.replay, 'replay', '--stored-after', '40d');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^fluxa: invalid replay\n {2}stored_before: must be at most 31 days after stored_after/,
    );
  });

  it('names the replay scope when the key lacks it', async () => {
    // Act
    const result = await runAs(keys.export, 'replay', 'ls');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/403 FORBIDDEN .* — this needs a key with the replay scope/);
  });

  it('says a replay of another tenant is not found', async () => {
    // Prepare
    const started = await runAs(keys.replay, 'replay', '--stored-after', '1h', '--json');
    const { replay_id: replayId } = started.json() as { replay_id: string };

    // Act
    const result = await runAs(keys.other, 'replay', 'status', replayId);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`fluxa: this tenant has no replay ${replayId}`);
  });
});

describe('fluxa export', () => {
  it('streams every event of the key’s tenant as NDJSON, and none of another tenant’s', async () => {
    // Prepare: the other tenant holds events with the very same ids
    const since = new Date(Date.now() - 60_000).toISOString();
    const events = Array.from({ length: 5 }, () => aValidEvent({ user_id: 'u-export' }));
    const sameIds = events.map((event) => aValidEvent({ event_id: event.event_id, amount: 1 }));
    await sendStored(keys.export, events);
    await sendStored(keys.other, sameIds);

    // Act
    const result = await runAs(keys.export, 'export', '--since', since);

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as TestEvent & { tenant_id: string });
    expect(lines.map((line) => line.event_id).sort()).toEqual(
      events.map((event) => event.event_id).sort(),
    );
    expect(lines.every((line) => line.tenant_id === 'exportco')).toBe(true);
    const byId = new Map(events.map((event) => [event.event_id, event]));
    expect(lines.map((line) => line.amount)).toEqual(
      lines.map((line) => byId.get(line.event_id)?.amount),
    );
    expect(result.stderr).toContain('exported 5 event(s)');
  });

  it('exports nothing before --since or at and after --until', async () => {
    // Prepare
    const old = aValidEvent({
      user_id: 'u-window',
      timestamp: new Date(Date.now() - 3 * 3600_000).toISOString(),
    });
    const inside = aValidEvent({
      user_id: 'u-window',
      timestamp: new Date(Date.now() - 2 * 3600_000).toISOString(),
    });
    const recent = aValidEvent({
      user_id: 'u-window',
      timestamp: new Date(Date.now() - 3600_000).toISOString(),
    });
    await sendStored(keys.export, [old, inside, recent]);

    // Act
    const result = await runAs(
      keys.export,
      'export',
      '--since',
      '150m',
      '--until',
      new Date(Date.now() - 90 * 60_000).toISOString(),
    );

    // Assess
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as TestEvent).event_id),
    ).toEqual([inside.event_id]);
  });
});

describe('fluxa erase and fluxa unsuppress', () => {
  /** The event ids `fluxa list --user` reads of one user of the erase tenant. */
  const listed = async (user: string) =>
    (
      (await runAs(keys.erase, 'list', '--user', user, '--json')).json() as {
        items: Array<{ event_id: string }>;
      }
    ).items.map((item) => item.event_id);

  it('erases a user’s events with --wait: it ends done and only that user’s events are gone', async () => {
    // Prepare
    const erased = [aValidEvent({ user_id: 'u-erased' }), aValidEvent({ user_id: 'u-erased' })];
    const kept = aValidEvent({ user_id: 'u-kept' });
    await sendStored(keys.erase, [...erased, kept]);

    // Act
    const result = await runAs(
      keys.erase,
      'erase',
      '--user',
      'u-erased',
      '--yes',
      '--wait',
      '--json',
    );
    const status = await runAs(keys.erase, 'status', erased[0]?.event_id ?? '', '--json');
    const ls = await runAs(keys.erase, 'erase', 'ls', '--json');

    // Assess
    expect(result.code).toBe(0);
    const erasure = result.json() as { erasure_id: string };
    expect(erasure).toMatchObject({ status: 'done', events_deleted: 2, suppress: false });
    expect(result.stderr).toMatch(/^erasing \d+ events/m);
    expect(await listed('u-erased')).toEqual([]);
    expect(await listed('u-kept')).toEqual([kept.event_id]);
    expect(status.json()).toMatchObject({ status: 'erased' });
    expect((ls.json() as { items: Array<{ erasure_id: string }> }).items[0]?.erasure_id).toBe(
      erasure.erasure_id,
    );
  });

  it('refuses a suppressed user’s events until unsuppress lets them in again', async () => {
    // Prepare
    const erase = await runAs(
      keys.erase,
      'erase',
      '--user',
      'u-suppressed',
      '--suppress',
      '--yes',
      '--wait',
    );
    const later = () => runAs(keys.erase, ...sendArgs(aValidEvent({ user_id: 'u-suppressed' })));
    const refused = await waitUntil(
      async () => {
        const sent = await later();
        return sent.code === 1 ? sent : undefined;
      },
      { timeoutMs: 10_000, what: 'ingest refusing the suppressed user' },
    );

    // Act
    const lifted = await runAs(keys.erase, 'unsuppress', '--user', 'u-suppressed');
    const accepted = aValidEvent({ user_id: 'u-suppressed' });
    await waitUntil(async () => (await runAs(keys.erase, ...sendArgs(accepted))).code === 0, {
      timeoutMs: 10_000,
      what: 'ingest accepting the user again',
    });

    // Assess
    expect(erase.code).toBe(0);
    expect(erase.stdout).toMatch(/^status:\s+done$/m);
    expect(refused.stderr).toMatch(/400 USER_SUPPRESSED/);
    expect(lifted).toMatchObject({
      code: 0,
      stdout: 'user u-suppressed is no longer suppressed: their events are accepted again\n',
    });
    await stack.waitUntilStored([accepted.event_id]);
  });

  it('verify erases its test event when the key has the erase scope', async () => {
    // Act
    const result = await runAs(keys.erase, 'verify', '--json');

    // Assess
    const { test_event_id: eventId, checks } = result.json() as {
      test_event_id: string;
      checks: Array<{ name: string; status: string; detail: string }>;
    };
    const cleanup = checks.find((check) => check.name === 'cleanup');
    expect(cleanup).toMatchObject({ status: 'pass' });
    const erasureId = /^erasure (\S+) of user fluxa-verify/.exec(cleanup?.detail ?? '')?.[1] ?? '';
    const erasure = await runAs(keys.erase, 'erase', 'status', erasureId, '--wait', '--json');
    expect(erasure.json()).toMatchObject({ status: 'done' });
    expect(await listed('fluxa-verify')).toEqual([]);
    expect((await runAs(keys.erase, 'status', eventId, '--json')).json()).toMatchObject({
      status: 'erased',
    });
  });

  it('refuses a user id the API would refuse before asking anything, exit 2', async () => {
    // Act
    const result = await runAs(keys.erase, 'erase', '--user', 'u'.repeat(300), '--yes');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'fluxa: invalid erasure\n  user_id: must be at most 255 characters long (INVALID_VALUE)\n',
    );
  });

  it('asks for --yes when nobody can confirm, and erases nothing', async () => {
    // Prepare
    const event = aValidEvent({ user_id: 'u-unconfirmed' });
    await sendStored(keys.erase, [event]);

    // Act
    const result = await runAs(keys.erase, 'erase', '--user', 'u-unconfirmed');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('fluxa: stdin is not a terminal to confirm on: pass --yes\n');
    expect(await listed('u-unconfirmed')).toEqual([event.event_id]);
  });
});
