export { createControlHandler } from './control';
export type { ControlDeps } from './deps';
