import { billedRequests } from '../src/callCounter';

const kib = (n: number) => 'x'.repeat(n * 1024);

describe('billedRequests', () => {
  it('bills an SQS batch send per 64 KiB of the whole call', () => {
    // Prepare
    const entries = (size: number) => ({
      Entries: Array.from({ length: 10 }, () => ({ MessageBody: kib(size) })),
    });

    // Act
    const billed = [
      billedRequests('SendMessageBatch', entries(1)),
      billedRequests('SendMessageBatch', entries(10)),
    ];

    // Assess
    expect(billed).toEqual([1, 2]);
  });

  it('bills SNS PublishBatch per message, each per 64 KiB, attributes included', () => {
    // Prepare
    const attribute = { DataType: 'String', StringValue: 'default' };
    const entries = [
      { Message: kib(1) },
      { Message: kib(64), MessageAttributes: { tenant_id: attribute } },
    ];

    // Act
    const billed = billedRequests('PublishBatch', { PublishBatchRequestEntries: entries });

    // Assess
    expect(billed).toBe(3);
  });

  it('bills any other call as one request', () => {
    // Act + Assess
    expect(billedRequests('DeleteMessageBatch', { Entries: [] })).toBe(1);
  });
});
