/**
 * The migrate function's event asking for the idempotency key purge: the input of the
 * EventBridge schedule (Terraform) and of the local stack's hourly run.
 */
export const purgeKeysAction = 'purge-idempotency-keys';

/** An event of the migrate function: without an action it applies migrations. */
export interface MigrateEvent {
  action?: typeof purgeKeysAction;
}
