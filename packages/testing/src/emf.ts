/** One EMF line as CloudWatch reads it: the metric directives and the values beside them. */
interface EmfLine {
  _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [field: string]: unknown;
}

/**
 * What CloudWatch would chart from EMF lines: the sum of each metric per dimension set, keyed
 * `name{dimension=value,…}` in the order the set names them (`ingest_success{service=ingest}`,
 * `ingest_success{service=ingest,tenant_id=acme}`), as tests compare emitted metrics.
 */
export function emfSums(lines: readonly string[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const text of lines) {
    const line = JSON.parse(text) as EmfLine;
    for (const directive of line._aws.CloudWatchMetrics) {
      for (const { Name } of directive.Metrics) {
        const raw = line[Name];
        const values = (Array.isArray(raw) ? raw : [raw]).map(Number);
        const total = values.reduce((sum, value) => sum + value, 0);
        for (const set of directive.Dimensions) {
          const key = `${Name}{${set.map((d) => `${d}=${String(line[d])}`).join(',')}}`;
          sums.set(key, (sums.get(key) ?? 0) + total);
        }
      }
    }
  }
  return sums;
}
