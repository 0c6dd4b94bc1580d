import type { ProcessorConfig } from '@fluxa/config';
import type { Sql } from '@fluxa/db';
import type { FluxaAwsResources } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createProcessor } from '@fluxa/processor';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type CallCounter, countCalls } from './callCounter';
import type { AwsClients, BenchEnvironment } from './environment';
import type { ProcessorThroughputOptions } from './options';
import { seedHistory } from './processorDatabase';
import type { RunContext } from './processorRuns';
import {
  ceilingVariant,
  processorVariant,
  referenceVariant,
  type Variant,
} from './processorVariants';
import { createReferenceProcessor } from './referenceAlgorithm';

/** The processor's claim lease: the config default (CLAIM_LEASE_SECONDS). */
export const claimLeaseSeconds = 120;

/** Connections of the processor's pool: two per container, the config default (DB_POOL_MAX). */
export const processorPoolConnections = 2;

/** Everything the processor benchmark runs against, built before any clock starts. */
export interface ProcessorBench {
  aws: FluxaAwsResources;
  /** In result order: ours by batch size, the reference, the ceiling by batch size. */
  variants: Variant[];
  run: RunContext;
  /** AWS calls of our processor (both batch sizes share it) and of the reference. */
  calls: { ours: CallCounter; reference: CallCounter };
  /** The benchmark database's URL (the phase breakdown and the poison batches run there too). */
  url: string;
  /** Our processor as measured (batch sizes share it). */
  processor: (batch: SQSEvent) => Promise<SQSBatchResponse>;
}

/**
 * One migrated database with `historyRows` past events, the emulator's queue,
 * topic and bucket, and on them: `createProcessor` as deployed, the reference and the
 * raw-insert ceiling, every statement of theirs counted.
 */
export async function setUpProcessorBench(
  env: BenchEnvironment,
  options: ProcessorThroughputOptions,
): Promise<ProcessorBench> {
  const { url, sql } = await env.database('bench_processor');
  await seedHistory(sql, options.historyRows);
  const aws = await env.provision('bench-proc');
  let statements = 0;
  const pool = (max: number): Sql =>
    env.pool(url, max, () => {
      statements += 1;
    });
  const ours = env.clients();
  const reference = env.clients();
  const calls = {
    ours: countCalls(ours.sns, ours.sqs, ours.s3),
    reference: countCalls(reference.sns, reference.sqs, reference.s3),
  };
  const processor = processorOn(url, aws, pool(processorPoolConnections), ours);
  const referenceProcessor = createReferenceProcessor({
    sql: pool(1),
    ...reference,
    topicArn: aws.topicArn,
    claimLeaseSeconds,
  });
  const ceilingPool = pool(1);
  const { batchSizes, events } = options;
  const variants: Variant[] = [
    ...batchSizes.map((b) => processorVariant('ours', processor, b, events.ours)),
    referenceVariant(referenceProcessor, events.reference),
    ...batchSizes.map((b) => ceilingVariant(ceilingPool, b, events.ceiling)),
  ];
  return {
    aws,
    variants,
    run: {
      queueArn: aws.queueArn,
      sql,
      roundTrips: () => statements,
      processes: { node: process.pid, postgres: env.pg.pid, emulator: env.aws.pid },
    },
    calls,
    url,
    processor,
  };
}

/** `createProcessor` on the emulator's resources and the given pool; its EMF lines to `metrics`. */
export function processorOn(
  url: string,
  aws: FluxaAwsResources,
  sql: Sql,
  clients: AwsClients,
  metrics: (line: string) => void = () => {},
) {
  const config: ProcessorConfig = {
    stage: 'bench',
    logLevel: 'silent',
    queueUrl: aws.queueUrl,
    dlqUrl: aws.dlqUrl,
    topicArn: aws.topicArn,
    payloadBucket: aws.bucket,
    claimLeaseSeconds,
    maxReceiveCount: 10,
    retryBackoffBaseSeconds: 60,
    retryBackoffMaxSeconds: 1800,
    database: { url, port: 5432, prepare: true, poolMax: processorPoolConnections, ssl: 'disable' },
  };
  return createProcessor({
    config,
    database: async () => sql,
    ...clients,
    s3: async () => clients.s3,
    logger: createLogger('processor', { level: 'silent' }),
    metrics: createMetrics('processor', metrics),
  });
}
