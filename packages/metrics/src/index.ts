export { type CountDimensions, dimensionSets } from './dimensionSets';
export {
  type MetricName,
  type MetricNameOf,
  type MetricUnit,
  metricUnits,
} from './metricNames';
export { createMetrics, type Metrics, metricsNamespace } from './metrics';
