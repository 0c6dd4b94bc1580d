import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { aValidEvent, freshEventId, type TestEvent } from '@fluxa/testing';
import { fluxa } from './helpers/run';
import { startTestStack, type TestStack } from './helpers/stack';

/** Keys of tenants each test has to itself, so what a test reads is exactly what it sent. */
const keys = {
  replay: 'cli-replay-key',
  export: 'cli-export-key',
  other: 'cli-other-key',
};

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack([
    `${keys.replay}@replayco:write+read+replay`,
    `${keys.export}@exportco:write+read`,
    `${keys.other}@otherco:write+read+replay`,
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
