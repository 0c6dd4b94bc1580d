export { createProcessor, type ProcessorDeps } from './processBatch';
export { decodeRecord } from './steps/decode';
export { notificationBody, publishNotifications } from './steps/notify';
