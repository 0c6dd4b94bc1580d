import { PermanentError, type QueueEnvelope, validateEnvelope } from '@fluxa/models';

/** The message body is not a valid v1 envelope: retrying cannot help. */
export class MalformedEnvelopeError extends PermanentError {
  constructor(reason: string) {
    super('MALFORMED_ENVELOPE', `malformed envelope: ${reason}`);
    this.name = 'MalformedEnvelopeError';
  }
}

/** Parses and validates an SQS body as a queue envelope, or throws MalformedEnvelopeError. */
export function decodeEnvelope(body: string): QueueEnvelope {
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
  return result.value;
}
