import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { QueueEnvelope } from '@fluxa/models';

/** An SQS message as we send it: JSON body plus string attributes. */
export interface QueueMessage {
  body: string;
  attributes: Record<string, string>;
}

/**
 * The message for an envelope: body is the envelope JSON; tenant_id, correlation_id and
 * event_id ride as attributes (what the DLQ tools and subscribers filter on).
 */
export function encodeEnvelope(envelope: QueueEnvelope): QueueMessage {
  return {
    body: JSON.stringify(envelope),
    attributes: {
      ...(envelope.tenant_id === undefined ? {} : { tenant_id: envelope.tenant_id }),
      correlation_id: envelope.correlation_id,
      event_id: envelope.event_id,
    },
  };
}

/**
 * Size SQS counts against its message limit: UTF-8 body bytes plus, for each
 * attribute, its name, its data type ("String") and its value.
 */
export function messageSize(message: QueueMessage): number {
  let size = Buffer.byteLength(message.body, 'utf8');
  for (const [name, value] of Object.entries(message.attributes)) {
    size += Buffer.byteLength(name, 'utf8') + 'String'.length + Buffer.byteLength(value, 'utf8');
  }
  return size;
}

/** SDK shape of string attributes. */
export function toSqsAttributes(
  attributes: Record<string, string>,
): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      { DataType: 'String', StringValue: value },
    ]),
  );
}
