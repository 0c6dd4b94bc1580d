export { createMetrics, type MetricName, type Metrics, metricsNamespace } from './metrics';
