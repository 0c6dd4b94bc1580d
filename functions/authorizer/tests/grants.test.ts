import { randomBytes } from 'node:crypto';
import type { ApiKeyGrants } from '@fluxa/models';
import { GrantsUnavailableError } from '../src';
import {
  authorizerOnNewBucket,
  authorizerRequest,
  deployedPeriods,
  grant,
  sha256,
} from './helpers/grantsObject';

const acme = grant('acme-pos', 'acme', ['write']);
const effectOf = async (outcome: Promise<{ policyDocument: { Statement: unknown[] } }>) =>
  ((await outcome).policyDocument.Statement[0] as { Effect: string }).Effect;

/** An authorizer that has read `grants` from a fresh object once (its copy confirmed now). */
async function authorizerHolding(grants: ApiKeyGrants, key: string) {
  const setup = await authorizerOnNewBucket();
  await setup.store.write(grants);
  await setup.authorizer(authorizerRequest({ 'x-api-key': key }));
  return setup;
}

describe('the authorizer’s grants, read from their object', () => {
  it('accepts a key added to the object once the cache period has passed, without a new authorizer', async () => {
    // Prepare
    const { store, clock, authorizer } = await authorizerOnNewBucket();
    await store.write({ [sha256('old-key')]: acme });
    const before = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'new-key' })));
    await store.write({ [sha256('old-key')]: acme, [sha256('new-key')]: acme });

    // Act
    clock.advance(deployedPeriods.cacheMs - 1);
    const withinPeriod = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'new-key' })));
    clock.advance(1);
    const afterPeriod = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'new-key' })));

    // Assess
    expect([before, withinPeriod, afterPeriod]).toEqual(['Deny', 'Deny', 'Allow']);
  });

  it('refuses a key removed from the object once the cache period has passed', async () => {
    // Prepare
    const { store, clock, authorizer } = await authorizerOnNewBucket();
    await store.write({ [sha256('kept')]: acme, [sha256('revoked')]: acme });
    const before = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'revoked' })));
    await store.write({ [sha256('kept')]: acme });

    // Act
    clock.advance(deployedPeriods.cacheMs);
    const revoked = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'revoked' })));
    const kept = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'kept' })));

    // Assess
    expect([before, revoked, kept]).toEqual(['Allow', 'Deny', 'Allow']);
  });

  it('holds thousands of keys in one read, and costs no request for a random key', async () => {
    // Prepare: 5,000 keys, asked for all at once by a cold authorizer
    const { requests, store, authorizer } = await authorizerOnNewBucket();
    const keys = Array.from(
      { length: 5_000 },
      (_, i) => `key-${i}-${randomBytes(8).toString('hex')}`,
    );
    const table: ApiKeyGrants = Object.fromEntries(
      keys.map((key, i) => [sha256(key), grant(`client-${i}`, 'acme', ['write', 'read'])]),
    );
    await store.write(table);

    // Act
    const granted = await Promise.all(
      keys.map((key) => authorizer(authorizerRequest({ 'x-api-key': key }))),
    );
    const readsForGranted = requests.length;
    const random = await Promise.all(
      Array.from({ length: 1_000 }, () =>
        effectOf(authorizer(authorizerRequest({ 'x-api-key': randomBytes(20).toString('hex') }))),
      ),
    );

    // Assess
    expect(granted.map((result) => result.principalId)).toEqual(keys.map((_, i) => `client-${i}`));
    expect(readsForGranted).toBe(1);
    expect(new Set(random)).toEqual(new Set(['Deny']));
    expect(requests).toHaveLength(1);
  });

  it('confirms an unchanged object with a conditional read, which answers 304', async () => {
    // Prepare
    const { requests, clock, authorizer } = await authorizerHolding({ [sha256('k1')]: acme }, 'k1');

    // Act
    clock.advance(deployedPeriods.cacheMs);
    const effect = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'k1' })));

    // Assess
    expect(effect).toBe('Allow');
    expect(requests.map((r) => r.status)).toEqual([200, 304]);
    expect(requests[0]?.ifNoneMatch).toBeUndefined();
    expect(requests[1]?.ifNoneMatch).toMatch(/^".+"$/);
  });

  it('answers from its last copy for the grace period while the object is gone, then refuses every key with an error', async () => {
    // Prepare
    const { requests, store, clock, authorizer } = await authorizerHolding(
      { [sha256('k1')]: acme },
      'k1',
    );
    await store.remove();

    // Act
    clock.advance(deployedPeriods.cacheMs + deployedPeriods.graceMs - 1);
    const inGrace = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'k1' })));
    const unknownInGrace = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'k2' })));
    const readsInGrace = requests.length;
    clock.advance(1);
    const pastGrace = authorizer(authorizerRequest({ 'x-api-key': 'k1' }));
    await expect(pastGrace).rejects.toBeInstanceOf(GrantsUnavailableError);
    await store.write({ [sha256('k1')]: acme });
    clock.advance(1_000);
    const restored = await effectOf(authorizer(authorizerRequest({ 'x-api-key': 'k1' })));

    // Assess: one failed read in the grace (the next is due a second later), then a new one
    expect([inGrace, unknownInGrace, restored]).toEqual(['Allow', 'Deny', 'Allow']);
    expect(readsInGrace).toBe(2);
  });

  it('never allows a key when it has no copy to answer from: the store unreadable from the start', async () => {
    // Prepare: an object nobody wrote
    const { authorizer } = await authorizerOnNewBucket();

    // Act
    const outcome = authorizer(authorizerRequest({ 'x-api-key': 'k1' }));

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(GrantsUnavailableError);
  });

  it('keeps its last copy rather than take an object that is not a grants table', async () => {
    // Prepare
    const { store, clock, authorizer } = await authorizerOnNewBucket({
      cacheMs: 30_000,
      graceMs: 0,
    });
    await store.write({ [sha256('k1')]: acme });
    await authorizer(authorizerRequest({ 'x-api-key': 'k1' }));

    // Act
    await store.write(JSON.stringify({ [sha256('k1')]: { ...acme, tenant_id: 'Not A Tenant' } }));
    clock.advance(30_000);
    const outcome = authorizer(authorizerRequest({ 'x-api-key': 'k1' }));

    // Assess: no grace, so the refusal is immediate — and never an allow from the bad table
    await expect(outcome).rejects.toBeInstanceOf(GrantsUnavailableError);
  });
});
