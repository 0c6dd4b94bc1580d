import { defaultTenant, PermanentError, type QueueEnvelope, validateEnvelope } from '@fluxa/models';

/** A decoded envelope, whatever its version: the tenant is always known. */
export type DecodedEnvelope = Omit<QueueEnvelope, 'tenant_id'> & { tenant_id: string };

/** The message body is not a valid envelope: retrying cannot help. */
export class MalformedEnvelopeError extends PermanentError {
  constructor(reason: string) {
    super('MALFORMED_ENVELOPE', `malformed envelope: ${reason}`);
    this.name = 'MalformedEnvelopeError';
  }
}

/**
 * Parses and validates an SQS body as a queue envelope, or throws MalformedEnvelopeError.
 * A version 1 envelope (written before tenancy) belongs to tenant `default`.
 */
export function decodeEnvelope(body: string): DecodedEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedEnvelopeError('body is not JSON');
  }
  const result = validateEnvelope(parsed);
  if (!result.ok) {
    throw new MalformedEnvelopeError(
      result.violations.map((v) => `${v.field} ${v.reason}`).join('; '),
    );
  }
  return { ...result.value, tenant_id: result.value.tenant_id ?? defaultTenant };
}
