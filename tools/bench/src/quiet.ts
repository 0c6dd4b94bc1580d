import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';

/**
 * A function's logger and metrics, both silent: the benchmark times and counts for itself, and
 * a log line or an EMF line per invocation would cost the measured process their writes.
 */
export const quiet = (service: string) => ({
  logger: createLogger(service, { level: 'silent' }),
  metrics: createMetrics(service, () => {}),
});
