export {
  type CountDimensions,
  createMetrics,
  type MetricName,
  type Metrics,
  metricsNamespace,
} from './metrics';
