// What the local emulator (fauxqs, patched) accepts and refuses in message text, checked
// through the real AWS SDK v3 clients against expectations written from the AWS
// documentation, never from the emulator's code:
// - SendMessage / SendMessageBatch reference: a body may contain only
//   #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF,
//   anything else is rejected with InvalidMessageContents;
// - MessageAttributeValue reference: a String value has the same restrictions as the body;
// - "Calculating the MD5 message digest for message attributes" (SQS developer guide).
// Expected bytes are spelled out by hand (UTF-8, RFC 3629), not produced by the runtime's encoder.
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateTopicCommand,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SendMessageCommandOutput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { provisionAws } from '@fluxa/local-runtime';
import fc from 'fast-check';

const sqs = new SQSClient(awsClientOptions());
const sns = new SNSClient(awsClientOptions());
const s3 = new S3Client(awsClientOptions());
const run = `chars-${Date.now().toString(36)}`;
let queues = 0;
let bucket: string;

beforeAll(async () => {
  ({ bucket } = await provisionAws({ sqs, sns, s3 }, { prefix: run }));
});

/** The set SendMessage documents, written from the API reference (not from any emulator). */
function allowedBySqs(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** UTF-8 of one scalar value, by the RFC 3629 table. */
function utf8Of(codePoint: number): Buffer {
  if (codePoint < 0x80) return Buffer.from([codePoint]);
  if (codePoint < 0x800) return Buffer.from([0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)]);
  if (codePoint < 0x10000) {
    return Buffer.from([
      0xe0 | (codePoint >> 12),
      0x80 | ((codePoint >> 6) & 0x3f),
      0x80 | (codePoint & 0x3f),
    ]);
  }
  return Buffer.from([
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ]);
}

/** Concatenates ASCII text and hand-written byte sequences. */
function bytes(...parts: Array<string | number[]>): Buffer {
  return Buffer.concat(
    parts.map((part) => {
      if (Array.isArray(part)) return Buffer.from(part);
      if (!/^[\x20-\x7e]*$/.test(part)) throw new Error(`not printable ASCII: ${part}`);
      return Buffer.from(part, 'latin1');
    }),
  );
}

const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** MD5OfMessageAttributes as the SQS developer guide defines it, over String attributes. */
function md5OfStringAttributes(attributes: Record<string, Buffer>): string {
  const lengthPrefixed = (data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return [length, data];
  };
  const parts = Object.keys(attributes)
    .sort()
    .flatMap((name) => [
      ...lengthPrefixed(Buffer.from(name, 'latin1')),
      ...lengthPrefixed(Buffer.from('String', 'latin1')),
      Buffer.from([1]), // transport type 1: String and Number
      ...lengthPrefixed(attributes[name]!),
    ]);
  return md5Hex(Buffer.concat(parts));
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

// U+2615 HOT BEVERAGE and U+1F369 DOUGHNUT, the merchant name that broke ingestion.
const coffee = 'Coffee \u2615\u{1F369}';
const coffeeBytes = bytes('Coffee ', [0xe2, 0x98, 0x95], [0xf0, 0x9f, 0x8d, 0xa9]);
// U+1D11E MUSICAL SYMBOL G CLEF and U+10FFFF, the last code point.
const clef = '\u{1D11E}';
const clefBytes = bytes([0xf0, 0x9d, 0x84, 0x9e]);
const last = '\u{10FFFF}';
const lastBytes = bytes([0xf4, 0x8f, 0xbf, 0xbf]);
const eventBody = `{"merchant":"${coffee}","clef":"${clef}","last":"${last}"}`;
const eventBodyBytes = bytes(
  '{"merchant":"',
  [...coffeeBytes],
  '","clef":"',
  [...clefBytes],
  '","last":"',
  [...lastBytes],
  '"}',
);

/** Every class of character SendMessage refuses, each inside otherwise valid text. */
const refused: Array<[string, string]> = [
  ['U+0000', '\u0000'],
  ['U+0008', '\u0008'],
  ['U+000B', '\u000B'],
  ['U+000C', '\u000C'],
  ['U+000E', '\u000E'],
  ['U+001F', '\u001F'],
  ['U+FFFE', '\uFFFE'],
  ['U+FFFF', '\uFFFF'],
  ['a lone high surrogate U+D800', '\uD800'],
  ['a lone low surrogate U+DFFF', '\uDFFF'],
  ['a low surrogate before a high one', '\uDC00\uD800'],
];

async function freshQueue(): Promise<{ url: string; arn: string }> {
  queues += 1;
  const created = await sqs.send(new CreateQueueCommand({ QueueName: `${run}-${queues}` }));
  const url = created.QueueUrl ?? '';
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: Attributes?.QueueArn ?? '' };
}

/** Receives until `count` messages arrived (or 5 s passed), with all attributes. */
async function receive(queueUrl: string, count: number): Promise<Message[]> {
  const messages: Message[] = [];
  const deadline = Date.now() + 5_000;
  while (messages.length < count && Date.now() < deadline) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    messages.push(...(Messages ?? []));
  }
  return messages;
}

/** Visible + in flight + delayed: zero when nothing was enqueued. */
async function messagesIn(queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return Object.values(Attributes).reduce((sum, n) => sum + Number(n), 0);
}

/** The error name the SDK gives (the AWS error code), or 'accepted'. */
async function outcomeOf(send: Promise<unknown>): Promise<string> {
  return send.then(
    () => 'accepted',
    (error: Error) => error.name,
  );
}

/** Any code point, weighted toward the edges of SQS's character set (0x20, surrogates, U+FFFF, the last one). */
const codePointsNearEdges = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }),
  fc.integer({ min: 0, max: 0x21 }),
  fc.integer({ min: 0xd7f0, max: 0xe00f }),
  fc.integer({ min: 0xfff0, max: 0x1000f }),
  fc.integer({ min: 0x10fff0, max: 0x10ffff }),
);

const stringAttribute = (value: string): MessageAttributeValue => ({
  DataType: 'String',
  StringValue: value,
});

describe('SendMessage through the emulator', () => {
  it('carries an emoji and other astral characters byte for byte, with the MD5 of their UTF-8 bytes', async () => {
    // Prepare
    const queue = await freshQueue();

    // Act
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: queue.url, MessageBody: eventBody }),
    );
    const [received] = await receive(queue.url, 1);

    // Assess
    expect(sent.MD5OfMessageBody).toBe(md5Hex(eventBodyBytes));
    expect(utf8(received?.Body ?? '')).toEqual(eventBodyBytes);
    expect(received?.MD5OfBody).toBe(md5Hex(eventBodyBytes));
  });

  it('carries astral characters in String attribute values, with MD5OfMessageAttributes over their UTF-8 bytes', async () => {
    // Prepare
    const queue = await freshQueue();
    const expectedMd5 = md5OfStringAttributes({
      clef: clefBytes,
      last: lastBytes,
      merchant: coffeeBytes,
    });

    // Act
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: 'attributes',
        MessageAttributes: {
          merchant: stringAttribute(coffee),
          clef: stringAttribute(clef),
          last: stringAttribute(last),
        },
      }),
    );
    const [received] = await receive(queue.url, 1);

    // Assess
    expect(sent.MD5OfMessageAttributes).toBe(expectedMd5);
    expect(received?.MD5OfMessageAttributes).toBe(expectedMd5);
    const values = received?.MessageAttributes ?? {};
    expect(utf8(values.merchant?.StringValue ?? '')).toEqual(coffeeBytes);
    expect(utf8(values.clef?.StringValue ?? '')).toEqual(clefBytes);
    expect(utf8(values.last?.StringValue ?? '')).toEqual(lastBytes);
  });

  it.each([
    ['U+0009', 0x9, [0x09]],
    ['U+000A', 0xa, [0x0a]],
    ['U+000D', 0xd, [0x0d]],
    ['U+0020', 0x20, [0x20]],
    ['U+D7FF', 0xd7ff, [0xed, 0x9f, 0xbf]],
    ['U+E000', 0xe000, [0xee, 0x80, 0x80]],
    ['U+FFFD', 0xfffd, [0xef, 0xbf, 0xbd]],
    ['U+10000', 0x10000, [0xf0, 0x90, 0x80, 0x80]],
    ['U+10FFFF', 0x10ffff, [0xf4, 0x8f, 0xbf, 0xbf]],
  ])(
    'accepts %s, an edge of the allowed ranges, and delivers it unchanged',
    async (_name, codePoint, encoded) => {
      // Prepare
      const queue = await freshQueue();
      const body = `[${String.fromCodePoint(codePoint)}]`;

      // Act
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
      const [received] = await receive(queue.url, 1);

      // Assess
      expect(utf8(received?.Body ?? '')).toEqual(bytes('[', encoded, ']'));
    },
  );

  it.each(refused)(
    'refuses %s in the body with InvalidMessageContents and enqueues nothing',
    async (_name, character) => {
      // Prepare
      const queue = await freshQueue();

      // Act
      const outcome = await outcomeOf(
        sqs.send(
          new SendMessageCommand({ QueueUrl: queue.url, MessageBody: `ok ${character} ${coffee}` }),
        ),
      );

      // Assess
      expect(outcome).toBe('InvalidMessageContents');
      expect(await messagesIn(queue.url)).toBe(0);
    },
  );

  it.each(refused)(
    'refuses %s in a String attribute value with InvalidMessageContents and enqueues nothing',
    async (_name, character) => {
      // Prepare
      const queue = await freshQueue();

      // Act
      const outcome = await outcomeOf(
        sqs.send(
          new SendMessageCommand({
            QueueUrl: queue.url,
            MessageBody: coffee,
            MessageAttributes: { merchant: stringAttribute(`ok ${character}`) },
          }),
        ),
      );

      // Assess
      expect(outcome).toBe('InvalidMessageContents');
      expect(await messagesIn(queue.url)).toBe(0);
    },
  );

  it('sends a lone surrogate over the wire as a JSON \\ud800 escape, so the refusal is the emulator’s, not the SDK’s', async () => {
    // Prepare
    const queue = await freshQueue();
    const client = new SQSClient(awsClientOptions());
    const wireBodies: Buffer[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const { body } = args.request as { body?: unknown };
        // The bytes themselves: the JSON serializer hands over a Uint8Array of UTF-8.
        if (body instanceof Uint8Array) {
          wireBodies.push(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
        }
        return next(args);
      },
      { step: 'finalizeRequest' },
    );

    // Act
    const outcome = await outcomeOf(
      client.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'x\uD800' })),
    );

    // Assess: the bytes sent are printable ASCII `"MessageBody":"x\ud800"` (no U+FFFD substitute)
    const escaped = bytes('"MessageBody":"x\\ud800"');
    expect(wireBodies.some((body) => body.includes(escaped))).toBe(true);
    expect(outcome).toBe('InvalidMessageContents');
    expect(await messagesIn(queue.url)).toBe(0);
  });

  /** Each place SQS applies its character rule, with the MD5 it must answer for one character. */
  const places = [
    {
      place: 'the body',
      runs: 300,
      message: (text: string) => ({ MessageBody: text }),
      md5Of: (sent: SendMessageCommandOutput) => sent.MD5OfMessageBody,
      expectedMd5: (codePoint: number) => md5Hex(utf8Of(codePoint)),
    },
    {
      place: 'a String attribute value',
      runs: 150,
      message: (text: string) => ({
        MessageBody: 'body',
        MessageAttributes: { value: stringAttribute(text) },
      }),
      md5Of: (sent: SendMessageCommandOutput) => sent.MD5OfMessageAttributes,
      expectedMd5: (codePoint: number) => md5OfStringAttributes({ value: utf8Of(codePoint) }),
    },
  ];

  it.each(places)(
    'accepts one character as $place exactly when its code point is in the documented set',
    async ({ runs, message, md5Of, expectedMd5 }) => {
      // Prepare
      const queue = await freshQueue();

      // Act + Assess: every generated code point, sent alone in its place
      await fc.assert(
        fc.asyncProperty(codePointsNearEdges, async (codePoint) => {
          const text = String.fromCodePoint(codePoint);
          const sent = await sqs
            .send(new SendMessageCommand({ QueueUrl: queue.url, ...message(text) }))
            .then(
              (result) => ({ accepted: true, md5: md5Of(result) }),
              (error: Error) => ({ accepted: false, code: error.name }),
            );
          const expected = allowedBySqs(codePoint)
            ? { accepted: true, md5: expectedMd5(codePoint) }
            : { accepted: false, code: 'InvalidMessageContents' };
          expect(sent).toEqual(expected);
        }),
        { numRuns: runs },
      );
    },
    120_000,
  );
});

describe('SendMessageBatch through the emulator', () => {
  it('fails only the entries with refused characters, with InvalidMessageContents, and enqueues the others intact', async () => {
    // Prepare
    const queue = await freshQueue();

    // Act
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [
          { Id: 'coffee', MessageBody: eventBody },
          { Id: 'bad-body', MessageBody: `ok \uFFFF ${coffee}` },
          {
            Id: 'bad-attribute',
            MessageBody: coffee,
            MessageAttributes: { merchant: stringAttribute('ok \u0000') },
          },
          { Id: 'last', MessageBody: last, MessageAttributes: { clef: stringAttribute(clef) } },
        ],
      }),
    );
    const received = await receive(queue.url, 2);

    // Assess
    expect(result.Successful?.map((entry) => entry.Id).sort()).toEqual(['coffee', 'last']);
    const failed = result.Failed?.map(({ Id, Code, SenderFault }) => ({ Id, Code, SenderFault }));
    expect(failed).toHaveLength(2);
    expect(failed).toEqual(
      expect.arrayContaining([
        { Id: 'bad-body', Code: 'InvalidMessageContents', SenderFault: true },
        { Id: 'bad-attribute', Code: 'InvalidMessageContents', SenderFault: true },
      ]),
    );
    const byId = new Map(result.Successful?.map((entry) => [entry.MessageId, entry.Id]));
    const bodies = Object.fromEntries(
      received.map((message) => [byId.get(message.MessageId), utf8(message.Body ?? '')]),
    );
    expect(bodies).toEqual({ coffee: eventBodyBytes, last: lastBytes });
    expect(await messagesIn(queue.url)).toBe(2);
  });
});

describe('SNS to SQS through the emulator', () => {
  async function freshTopic(): Promise<string> {
    queues += 1;
    const topic = await sns.send(new CreateTopicCommand({ Name: `${run}-${queues}` }));
    return topic.TopicArn ?? '';
  }

  async function subscribedQueue(topicArn: string, raw: boolean): Promise<string> {
    const queue = await freshQueue();
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: String(raw) },
      }),
    );
    return queue.url;
  }

  it('delivers a Publish with an emoji intact, raw and in the notification envelope', async () => {
    // Prepare
    const topicArn = await freshTopic();
    const rawQueue = await subscribedQueue(topicArn, true);
    const envelopeQueue = await subscribedQueue(topicArn, false);

    // Act
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: eventBody,
        MessageAttributes: { merchant: { DataType: 'String', StringValue: coffee } },
      }),
    );
    const [raw] = await receive(rawQueue, 1);
    const [wrapped] = await receive(envelopeQueue, 1);

    // Assess
    expect(utf8(raw?.Body ?? '')).toEqual(eventBodyBytes);
    expect(utf8(raw?.MessageAttributes?.merchant?.StringValue ?? '')).toEqual(coffeeBytes);
    expect(raw?.MD5OfMessageAttributes).toBe(md5OfStringAttributes({ merchant: coffeeBytes }));
    const envelope = JSON.parse(wrapped?.Body ?? '{}');
    expect(utf8(envelope.Message)).toEqual(eventBodyBytes);
    expect(utf8(envelope.MessageAttributes.merchant.Value)).toEqual(coffeeBytes);
    expect(wrapped?.MD5OfBody).toBe(md5Hex(utf8(wrapped?.Body ?? '')));
  });

  it('delivers every PublishBatch entry with astral characters intact', async () => {
    // Prepare
    const topicArn = await freshTopic();
    const rawQueue = await subscribedQueue(topicArn, true);

    // Act
    const result = await sns.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          { Id: 'coffee', Message: coffee },
          {
            Id: 'clef',
            Message: clef,
            MessageAttributes: { last: { DataType: 'String', StringValue: last } },
          },
        ],
      }),
    );
    const received = await receive(rawQueue, 2);

    // Assess
    expect(result.Failed ?? []).toEqual([]);
    const bodies = received.map((message) => utf8(message.Body ?? '').toString('hex')).sort();
    expect(bodies).toEqual([coffeeBytes.toString('hex'), clefBytes.toString('hex')].sort());
    const clefMessage = received.find((message) => message.Body === clef);
    expect(utf8(clefMessage?.MessageAttributes?.last?.StringValue ?? '')).toEqual(lastBytes);
  });
});

describe('S3 through the emulator', () => {
  it('stores and returns a body with astral characters byte for byte, under a key with an emoji', async () => {
    // Prepare
    const key = `${run}/coffee-\u{1F369}.json`;
    const keyBytes = bytes(`${run}/coffee-`, [0xf0, 0x9f, 0x8d, 0xa9], '.json');

    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: eventBody }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const stored = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${run}/` }));

    // Assess
    expect(stored).toEqual(eventBodyBytes);
    expect(put.ETag).toBe(`"${md5Hex(eventBodyBytes)}"`);
    expect(listed.Contents?.map((object) => utf8(object.Key ?? ''))).toEqual([keyBytes]);
  });
});
