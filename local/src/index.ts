export { type LaunchOptions, type RunningStack, readyMarker, startLocalStack } from './launcher';
export type { StackInfo } from './stackInfo';
export { readStackInfo, stackFile } from './stateFile';
