export { type ClaimOutcome, type ClaimRequest, claim } from './claims';
export { complete, type FailureRecord, fail, release } from './completion';
export { type PurgeOptions, type PurgeOutcome, purgeSucceededKeys } from './purge';
export { claimAndStore } from './store';
