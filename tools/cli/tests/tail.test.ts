import type { Message } from '@aws-sdk/client-sqs';
import { notificationBody, type StoredRecord } from '@fluxa/models';
import { receivedNotification } from '../src/commands/tail';

const record: StoredRecord = {
  tenant_id: 'acme',
  event_id: 'pay-1',
  correlation_id: 'order-1',
  user_id: 'u-1',
  amount: 19.99,
  currency: 'USD',
  merchant: 'Coffee Corner',
  timestamp: '2026-11-23T10:00:00.000000Z',
  metadata: null,
  payload_mode: 'INLINE',
  payload_sha256: 'a'.repeat(64),
  received_at: '2026-11-23T10:00:00.100000Z',
  created_at: '2026-11-23T10:00:00.200000Z',
};

describe('a subscriber queue’s message', () => {
  it('reads a raw-delivery notification and its message attributes', () => {
    // Prepare
    const message: Message = {
      Body: notificationBody(record, 'replay-1'),
      MessageAttributes: { tenant_id: { DataType: 'String', StringValue: 'acme' } },
    };

    // Act
    const read = receivedNotification(message);

    // Assess
    expect(read).toEqual({
      attributes: { tenant_id: 'acme' },
      notification: { ...record, replay_id: 'replay-1' },
    });
  });

  it('unwraps SNS’s JSON envelope when the subscription is not raw', () => {
    // Prepare
    const message: Message = {
      Body: JSON.stringify({
        Type: 'Notification',
        Message: notificationBody(record),
        MessageAttributes: { tenant_id: { Type: 'String', Value: 'acme' } },
      }),
    };

    // Act
    const read = receivedNotification(message);

    // Assess
    expect(read).toEqual({ attributes: { tenant_id: 'acme' }, notification: record });
  });

  it('says a message that is not a notification is none', () => {
    // Act
    const read = [{ Body: 'hello' }, { Body: '{"event_id":1}' }].map(receivedNotification);

    // Assess
    expect(read).toEqual([undefined, undefined]);
  });
});
