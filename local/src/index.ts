export type { LocalStack } from '@fluxa/models';
export { type LaunchOptions, type RunningStack, startLocalStack } from './launcher';
export { readStackInfo, stackFile } from './stateFile';
