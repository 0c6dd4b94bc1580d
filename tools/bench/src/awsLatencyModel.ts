import { median } from './summary';

/** Network waits on AWS this machine does not have: RDS round trip, SNS call (assumptions, stated). */
const awsRoundTripMs = 1;
const awsSnsCallMs = 10;

/**
 * A model, not a measurement: the measured local time per 1,000 events plus
 * the network waits AWS would add — every counted PostgreSQL round trip at
 * `awsRoundTripMs`, and every sequential SNS wait at `awsSnsCallMs` (ours: one
 * per batch, its PublishBatch calls run concurrently; the reference: one per event).
 */
export function latencyModel(
  batchSizes: number[],
  secondsPer1000: Map<string, number[]>,
  roundTrips: Map<string, number>,
) {
  const modeledMs = (key: string, snsWaitsPer1000: number) =>
    median(secondsPer1000.get(key) ?? []) * 1000 +
    (roundTrips.get(key) ?? 0) * awsRoundTripMs +
    snsWaitsPer1000 * awsSnsCallMs;
  const reference = modeledMs('reference', 1000);
  return {
    assumptions: { awsRoundTripMs, awsSnsCallMs },
    referenceEventsPerSecond: Number((1e6 / reference).toFixed(1)),
    ...Object.fromEntries(
      batchSizes.map((b) => {
        const ours = modeledMs(`ours_b${b}`, 1000 / b);
        return [
          `batch${b}`,
          {
            eventsPerSecond: Number((1e6 / ours).toFixed(1)),
            ratioVsReference: Number((reference / ours).toFixed(1)),
          },
        ];
      }),
    ),
  };
}
