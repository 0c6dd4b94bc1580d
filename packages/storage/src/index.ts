export { deletePayloads, PayloadDeleteError } from './deletePayloads';
export { type PayloadIdentity, payloadKey } from './payloadKey';
export {
  getPayload,
  type PayloadLocation,
  PayloadMissingError,
  type PutOutcome,
  putPayload,
} from './payloadStore';
export { sha256Hex } from './sha256';
export { publishSuppressionList, suppressionListKey, suppressionLists } from './suppressionList';
