// What other satellites (the benchmark) use of the CLI: the one seeded generator of realistic
// events and the one definition of latency percentiles. The executable is src/index.ts.

export { type SampleOptions, sampleEvents, sampleUserId, seededRandom } from './sampleEvents';
export { type Distribution, distribution, percentile, rounded } from './stats';
