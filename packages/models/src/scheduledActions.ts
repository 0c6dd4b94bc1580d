/**
 * The migrate function's scheduled actions: `lifecycle` is what the EventBridge schedule sends
 * every minute (and the local stack on its own schedule): the data lifecycle of the database —
 * today the idempotency key purge. `purge-idempotency-keys` is the same action under the name
 * an earlier release's schedule sends.
 */
export const lifecycleAction = 'lifecycle';

/** The earlier name of the lifecycle run, still accepted. */
export const purgeKeysAction = 'purge-idempotency-keys';

/** An event of the migrate function: without an action it applies migrations. */
export interface MigrateEvent {
  action?: typeof lifecycleAction | typeof purgeKeysAction;
}
