// What the CLI's `seed` and `load` and the benchmark share: one seeded generator of realistic
// events and one definition of latency percentiles.

export { type SampleOptions, sampleEvents, sampleUserId } from './sampleEvents';
export { seededRandom } from './seededRandom';
export { type Distribution, distribution, formatDistribution, percentile, rounded } from './stats';
