import { waitUntil } from '@fluxa/local-runtime';
import { aValidEvent, freshEventId } from '@fluxa/testing';
import { ApiError, FluxaClient } from '../src/index';
import { apiKey, controlKey, useClientStack } from './helpers/stack';

// Suppression lists read afresh on every event, so a suppression and its removal show at once.
const testStack = useClientStack({ env: { SUPPRESSION_CACHE_SECONDS: '0' } });

const client = (key = controlKey) => new FluxaClient({ url: testStack().url, apiKey: key });

/** Sends `count` events of a new user and waits until they are stored. */
async function storedEventsOfNewUser(count: number) {
  const userId = freshEventId('user');
  const events = Array.from({ length: count }, () => aValidEvent({ user_id: userId }));
  await client().sendBatch(events);
  await testStack().waitUntilStored(events.map((event) => event.event_id));
  return { userId, eventIds: events.map((event) => event.event_id) };
}

describe('replays through the client', () => {
  it('counts a dry run, starts a replay, follows it to done and lists it', async () => {
    // Prepare
    const { userId } = await storedEventsOfNewUser(3);
    const window = {
      stored_after: new Date(Date.now() - 3_600_000).toISOString(),
      stored_before: new Date(Date.now() + 60_000).toISOString(),
      user_id: userId,
    };

    // Act
    const dryRun = await client().replay({ ...window, dry_run: true });
    const started = await client().replay(window);
    const done = await waitUntil(
      async () => {
        const replay = await client().getReplay(started.replay_id);
        return replay?.status === 'done' ? replay : undefined;
      },
      { timeoutMs: 30_000, what: 'the replay done' },
    );
    const listed: string[] = [];
    for await (const replay of client().replays()) listed.push(replay.replay_id);

    // Assess
    expect(dryRun).toEqual({ matched: 3 });
    expect(started).toMatchObject({ status: 'running', matched: 3 });
    expect(done).toMatchObject({ replay_id: started.replay_id, published: 3 });
    expect(listed).toContain(started.replay_id);
    expect(await client().getReplay('no-such-replay')).toBeUndefined();
  });
});

describe('erasures through the client', () => {
  it("erases a user's events, refuses the user while suppressed, and accepts it again once unsuppressed", async () => {
    // Prepare
    const { userId, eventIds } = await storedEventsOfNewUser(2);

    // Act
    const started = await client().erase({ user_id: userId, suppress: true });
    const done = await waitUntil(
      async () => {
        const erasure = await client().getErasure(started.erasure_id);
        return erasure?.status === 'done' ? erasure : undefined;
      },
      { timeoutMs: 30_000, what: 'the erasure done' },
    );
    const refused = await client()
      .send(aValidEvent({ user_id: userId }))
      .catch((error: unknown) => error);
    await client().unsuppress(userId);
    const readmitted = aValidEvent({ user_id: userId });
    const accepted = await client().send(readmitted);

    // Assess
    expect(started.status).toBe('running');
    expect(done).toMatchObject({ events_deleted: 2, suppress: true });
    expect(await client().get(eventIds[0] as string)).toBeUndefined();
    expect(await client().status(eventIds[0] as string)).toMatchObject({ status: 'erased' });
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, code: 'USER_SUPPRESSED' });
    expect(accepted.event_id).toBe(readmitted.event_id);
    const listed: string[] = [];
    for await (const erasure of client().erasures()) listed.push(erasure.erasure_id);
    expect(listed).toContain(started.erasure_id);
  });

  it('refuses an erasure to a key without the erase scope, naming the scope', async () => {
    // Act
    const refused = await client(apiKey)
      .erase({ user_id: 'someone' })
      .catch((error: unknown) => error);

    // Assess
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 403 });
    expect((refused as ApiError).message).toContain('erase');
  });
});
