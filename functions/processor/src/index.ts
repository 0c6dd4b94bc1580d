export type { ProcessorDeps } from './deps';
export { createProcessor } from './processBatch';
