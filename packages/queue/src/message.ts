import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { QueueEnvelope } from '@fluxa/models';

/** An SQS message as we send it: JSON body plus string attributes. */
export interface QueueMessage {
  body: string;
  attributes: Record<string, string>;
  /**
   * The message group (the tenant): on a standard queue, SQS fair queues keep one group's
   * burst from delaying the others. Not part of the message's size.
   */
  groupId?: string;
}

/** The queue message attribute carrying the request's W3C trace context. */
export const traceparentAttribute = 'traceparent';

/**
 * The message for an envelope: body is the envelope JSON; tenant_id, correlation_id and
 * event_id ride as attributes (what the DLQ tools and subscribers filter on), and the request's
 * traceparent when it carried one; the tenant is the message group.
 */
export function encodeEnvelope(
  envelope: QueueEnvelope,
  options: { traceparent?: string } = {},
): QueueMessage {
  return {
    body: JSON.stringify(envelope),
    attributes: {
      ...(envelope.tenant_id === undefined ? {} : { tenant_id: envelope.tenant_id }),
      correlation_id: envelope.correlation_id,
      event_id: envelope.event_id,
      ...(options.traceparent === undefined ? {} : { [traceparentAttribute]: options.traceparent }),
    },
    ...(envelope.tenant_id === undefined ? {} : { groupId: envelope.tenant_id }),
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
