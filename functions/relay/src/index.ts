export type { RelayDeps } from './deps';
export { createRelay, type RelayReport } from './relay';
