import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { readAuthorizerConfig } from '@fluxa/config';
import { provisionAws } from '@fluxa/local-runtime';
import { requireTestEnv } from '@fluxa/testing';
import fc from 'fast-check';
import { grantsOf, parseApiKeys } from '../src/apiKeys';
import { awsClients, publishLocalGrants } from '../src/aws';
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
    const env = functionEnv(readStackOptions([], {}), endpoint, 'postgres://x', resources);

    // Assess
    const redrive = JSON.parse(Attributes?.RedrivePolicy ?? '{}') as { maxReceiveCount: unknown };
    expect(Number(redrive.maxReceiveCount)).toBe(7);
    expect(env.MAX_RECEIVE_COUNT).toBe('7');
  });

  it('points the authorizer at the grants object the stack writes from its keys', async () => {
    // Prepare
    const endpoint = requireTestEnv('AWS_ENDPOINT_URL');
    const clients = awsClients(endpoint);
    const resources = await provisionAws(clients, { prefix: `fenv-grants-${process.pid}` });
    const grants = grantsOf(parseApiKeys('k1@acme:write,k2'));
    await publishLocalGrants(endpoint, grants);

    // Act
    const { apiKeyGrants } = readAuthorizerConfig(
      functionEnv(readStackOptions([], {}), endpoint, 'postgres://x', resources),
    );
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: apiKeyGrants.bucket, Key: apiKeyGrants.key }),
    );

    // Assess
    expect(JSON.parse((await object.Body?.transformToString()) ?? '')).toEqual(grants);
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
