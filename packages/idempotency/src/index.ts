export { type ClaimOutcome, type ClaimRequest, claim } from './claims';
export { complete, type FailureRecord, fail, release } from './completion';
export { claimAndStore } from './store';
