import { createMetrics } from '@fluxa/metrics';
import { aValidEvent, emfSums } from '@fluxa/testing';
import { inlineMessage } from './helpers/events';
import { createWorld, deliver, drain, type World } from './helpers/world';

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world.close();
});

describe('processor metrics', () => {
  it('counts stored events, duplicates and dead letters per tenant and in total', async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('processor', (line) => lines.push(line));
    const acme = aValidEvent();
    const globex = aValidEvent();
    const message = inlineMessage(aValidEvent(), 'corr-tampered', 'acme');
    const envelope = JSON.parse(message.body) as Record<string, unknown>;
    const tampered = {
      ...message,
      body: JSON.stringify({ ...envelope, payload_sha256: '0'.repeat(64) }),
    };
    const batch = await deliver(world, [
      inlineMessage(acme, 'corr-1', 'acme'),
      inlineMessage(acme, 'corr-2', 'acme'),
      inlineMessage(globex, 'corr-3', 'globex'),
      tampered,
    ]);

    // Act
    const result = await world.processor({ metrics })(batch);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    await drain(world, world.aws.dlqUrl);
    const sums = emfSums(lines);
    expect(sums.get('processed_success{service=processor}')).toBe(2);
    expect(sums.get('processed_success{service=processor,tenant_id=acme}')).toBe(1);
    expect(sums.get('processed_success{service=processor,tenant_id=globex}')).toBe(1);
    expect(sums.get('processed_duplicate{service=processor,tenant_id=acme}')).toBe(1);
    expect(sums.get('dlq_sent{service=processor,tenant_id=acme}')).toBe(1);
    expect(sums.get('processed_failure{service=processor,error=HASH_MISMATCH}')).toBe(1);
    expect(sums.get('processed_failure{service=processor,tenant_id=acme}')).toBe(1);
  });
});
