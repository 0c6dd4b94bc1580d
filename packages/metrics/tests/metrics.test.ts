import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createMetrics } from '../src';

interface EmfLine {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
  };
  [key: string]: unknown;
}

describe('createMetrics', () => {
  it('emits EMF under namespace Fluxa with the service dimension', async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('ingest', (line) => lines.push(line));

    // Act
    metrics.count('ingest_success', 3);
    metrics.timing('ingest_latency_ms', 12);
    await metrics.flush();

    // Assess
    const emf = lines.map((line) => JSON.parse(line) as EmfLine);
    expect(emf).toHaveLength(1);
    expect(emf[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('Fluxa');
    expect(emf[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(emf[0]).toMatchObject({ service: 'ingest', ingest_success: 3, ingest_latency_ms: 12 });
  });

  it('carries the release version of the root package.json as a property, not a dimension', async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('ingest', (line) => lines.push(line));
    const rootPackage = path.resolve(__dirname, '../../../package.json');
    const { version } = JSON.parse(readFileSync(rootPackage, 'utf8')) as { version: string };

    // Act
    metrics.count('ingest_success');
    metrics.count('ingest_success', 1, { tenant_id: 'acme' });
    await metrics.flush();

    // Assess
    const emf = lines.map((line) => JSON.parse(line) as EmfLine);
    expect(emf.map((line) => line.version)).toEqual([version, version]);
    const dimensionNames = emf.flatMap((line) => line._aws.CloudWatchMetrics[0]?.Dimensions.flat());
    expect(dimensionNames).not.toContain('version');
  });

  it('publishes a tenant count per tenant and in total, never per error per tenant', async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('processor', (line) => lines.push(line));

    // Act
    metrics.count('processed_failure', 2, { error: 'HASH_MISMATCH', tenant_id: 'acme' });
    await metrics.flush();

    // Assess
    const [line] = lines.map((text) => JSON.parse(text) as EmfLine);
    expect(line).toMatchObject({ error: 'HASH_MISMATCH', tenant_id: 'acme', processed_failure: 2 });
    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ['service'],
      ['service', 'error'],
      ['service', 'tenant_id'],
    ]);
  });

  it('puts a labelled failure counter under its error dimension and in total', async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('processor', (line) => lines.push(line));

    // Act
    metrics.count('processed_success');
    metrics.count('processed_failure', 2, { error: 'HASH_MISMATCH' });
    await metrics.flush();

    // Assess
    const labelled = lines.map((line) => JSON.parse(line) as EmfLine).find((l) => 'error' in l);
    expect(labelled).toMatchObject({ error: 'HASH_MISMATCH', processed_failure: 2 });
    expect(labelled?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ['service'],
      ['service', 'error'],
    ]);
  });

  it('writes nothing when nothing was recorded since the last flush', async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('query', (line) => lines.push(line));
    metrics.count('query_success');
    await metrics.flush();

    // Act
    await metrics.flush();

    // Assess
    expect(lines).toHaveLength(1);
  });
});
