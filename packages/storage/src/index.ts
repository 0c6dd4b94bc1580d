export { payloadKey } from './payloadKey';
export { getPayload, PayloadMissingError, putPayload } from './payloadStore';
export { sha256Hex } from './sha256';
