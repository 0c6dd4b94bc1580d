import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { provisionAws } from '@fluxa/local-runtime';
import { requireTestEnv } from '@fluxa/testing';
import fc from 'fast-check';
import { awsClients } from '../src/aws';
import { functionEnv, processorTimings } from '../src/functionEnv';
import { readStackOptions } from '../src/options';

describe('the environment the local stack gives the bundles', () => {
  it("tells the processor the main queue's own redrive maxReceiveCount", async () => {
    // Prepare
    const endpoint = requireTestEnv('AWS_ENDPOINT_URL');
    const clients = awsClients(endpoint);
    const resources = await provisionAws(clients, {
      prefix: `fenv-${process.pid}`,
      maxReceiveCount: 7,
    });
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: resources.queueUrl,
        AttributeNames: ['RedrivePolicy'],
      }),
    );

    // Act
    const env = functionEnv(readStackOptions([], {}), endpoint, 'postgres://x', resources, []);

    // Assess
    const redrive = JSON.parse(Attributes?.RedrivePolicy ?? '{}') as { maxReceiveCount: unknown };
    expect(Number(redrive.maxReceiveCount)).toBe(7);
    expect(env.MAX_RECEIVE_COUNT).toBe('7');
  });

  it('ends an invocation before its lease could expire, and a lease before its records return', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 43_200 }), (visibility) => {
        // Act
        const { timeoutMs, leaseSeconds } = processorTimings(visibility);

        // Assess
        expect(timeoutMs).toBeLessThan(leaseSeconds * 1000);
        expect(leaseSeconds).toBeLessThan(visibility);
      }),
    );
  });
});
