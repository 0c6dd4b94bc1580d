export type { ProcessorDeps } from './deps';
export { createProcessor } from './processBatch';
export { decodeRecord } from './steps/decode';
export { notificationBody, publishNotifications } from './steps/notify';
