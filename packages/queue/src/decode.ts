import { defaultTenant, PermanentError, type QueueEnvelope, validateEnvelope } from '@fluxa/models';

/** A decoded envelope, whatever version was sent: as version 2, so the tenant is known. */
export type DecodedEnvelope = Extract<QueueEnvelope, { v: 2 }>;

/** The message body is not a valid envelope: retrying cannot help. */
export class MalformedEnvelopeError extends PermanentError {
  constructor(reason: string) {
    super('MALFORMED_ENVELOPE', `malformed envelope: ${reason}`);
    this.name = 'MalformedEnvelopeError';
  }
}

/**
 * Parses and validates an SQS body as a queue envelope, or throws MalformedEnvelopeError.
 * A version 1 envelope (written before tenancy) belongs to tenant `default`: it comes back
 * as the version 2 envelope of that tenant.
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
  const envelope = result.value;
  return envelope.v === 2 ? envelope : { ...envelope, v: 2, tenant_id: defaultTenant };
}
