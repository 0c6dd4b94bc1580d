import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { provisionAws } from '@fluxa/local-runtime';
import {
  deadLetterAttributes,
  deadLetterAttributesMaxBytes,
  failureCodes,
  retryCodes,
} from '@fluxa/models';
import {
  type AcceptedPayload,
  type DeadLetter,
  encodeEnvelope,
  inlineEnvelope,
  inlineMessageWithin,
  messageSize,
  type QueueMessage,
  sendToDeadLetterQueue,
} from '../src';

const maxMessageBytes = 262_144;
const sqs = new SQSClient(awsClientOptions());

/** An accepted payload whose INLINE message is exactly `size` bytes as SQS counts them. */
function acceptedOfSize(size: number): AcceptedPayload {
  const withPad = (pad: number): AcceptedPayload => ({
    tenantId: 'acme',
    eventId: 'e-boundary',
    correlationId: 'c-boundary',
    payload: JSON.stringify({ pad: 'x'.repeat(pad) }),
    sha256: 'a'.repeat(64),
    receivedAt: new Date('2026-01-01T00:00:00Z'),
  });
  const base = messageSize(encodeEnvelope(inlineEnvelope(withPad(0))));
  const accepted = withPad(size - base);
  expect(messageSize(encodeEnvelope(inlineEnvelope(accepted)))).toBe(size);
  return accepted;
}

/** A dead letter of `original` with every attribute value as long as it can be. */
function longestDeadLetter(original: QueueMessage): DeadLetter {
  const codes = [...failureCodes, ...retryCodes];
  const longestCode = codes.reduce((a, b) => (b.length > a.length ? b : a));
  return {
    original,
    errorCode: longestCode,
    errorMessage: 'é'.repeat(2000),
    sourceMessageId: 'm'.repeat(300),
    failedAt: new Date('2026-12-31T23:59:59.999Z'),
    receiveCount: 2 ** 31 - 1,
  };
}

let dlqUrl: string;

beforeAll(async () => {
  const clients = {
    sqs,
    sns: new SNSClient(awsClientOptions()),
    s3: new S3Client(awsClientOptions()),
  };
  ({ dlqUrl } = await provisionAws(clients, { prefix: `room-${Date.now()}`, maxMessageBytes }));
});

describe('room for a dead letter in every INLINE message', () => {
  it('keeps a message INLINE exactly up to the limit less the dead-letter attributes', () => {
    // Prepare
    const largestInline = maxMessageBytes - deadLetterAttributesMaxBytes;

    // Act
    const atBoundary = inlineMessageWithin(acceptedOfSize(largestInline), maxMessageBytes);
    const oneByteOver = inlineMessageWithin(acceptedOfSize(largestInline + 1), maxMessageBytes);

    // Assess
    expect(atBoundary).toBeDefined();
    expect(oneByteOver).toBeUndefined();
  });

  it('dead-letters the largest INLINE message with the longest reason, code, id and count', async () => {
    // Prepare
    const accepted = acceptedOfSize(maxMessageBytes - deadLetterAttributesMaxBytes);
    const original = inlineMessageWithin(accepted, maxMessageBytes) as QueueMessage;

    // Act
    const [outcome] = await sendToDeadLetterQueue(
      sqs,
      dlqUrl,
      [longestDeadLetter(original)],
      maxMessageBytes,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: true });
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    const [letter] = Messages ?? [];
    expect(letter?.Body).toBe(original.body);
    const attributes = Object.fromEntries(
      Object.entries(letter?.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        v.StringValue ?? '',
      ]),
    );
    expect(Object.keys(attributes).sort()).toEqual(
      [...Object.keys(original.attributes), ...Object.values(deadLetterAttributes)].sort(),
    );
    expect(messageSize({ body: letter?.Body ?? '', attributes })).toBe(maxMessageBytes);
  });

  it('could not dead-letter a message that filled the whole limit (why the room is kept)', async () => {
    // Prepare: the largest message INLINE used to allow
    const full = encodeEnvelope(inlineEnvelope(acceptedOfSize(maxMessageBytes)));

    // Act
    const [outcome] = await sendToDeadLetterQueue(
      sqs,
      dlqUrl,
      [longestDeadLetter(full)],
      maxMessageBytes,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: false });
  });
});
