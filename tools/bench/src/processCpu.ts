/** CPU ms per event of each process between two samples of `cpuOfTrees` (@fluxa/local-runtime). */
export function cpuMsPerEvent(
  before: Record<string, number>,
  after: Record<string, number>,
  events: number,
) {
  return Object.fromEntries(
    Object.entries(after).map(([name, seconds]) => [
      name,
      Number((((seconds - (before[name] ?? 0)) * 1000) / Math.max(1, events)).toFixed(3)),
    ]),
  );
}
