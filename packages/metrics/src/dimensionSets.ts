/**
 * Dimensions a count may carry besides `service`: the error code of a failure counter, and the
 * tenant. Both come from short closed lists — error codes are the models' codes, tenants are
 * set by operators (the clients of one deployment) — so each adds a few series. Never a user
 * id, an event id, a correlation id or anything a request chooses: every distinct value is a
 * CloudWatch metric of its own, billed and kept for 15 months.
 */
export interface CountDimensions {
  error?: string;
  tenant_id?: string;
}

/**
 * The dimension sets one recorded value is published under: `{service}` always (what the
 * dashboard and the alarms read, whatever else a value carries), plus `{service, error}` and
 * `{service, tenant_id}` when given. Never their product `{service, error, tenant_id}`: series
 * grow with errors + tenants, not errors × tenants; a tenant's errors are in the logs.
 */
export function dimensionSets(
  service: string,
  dimensions: CountDimensions,
): Record<string, string>[] {
  const sets: Record<string, string>[] = [{ service }];
  if (dimensions.error !== undefined) sets.push({ service, error: dimensions.error });
  if (dimensions.tenant_id !== undefined) sets.push({ service, tenant_id: dimensions.tenant_id });
  return sets;
}
