export { type DeadLetter, sendToDeadLetterQueue } from './deadLetter';
export { type DecodedEnvelope, decodeEnvelope, MalformedEnvelopeError } from './decode';
export { type AcceptedPayload, inlineEnvelope, inlineMessageWithin, s3Envelope } from './envelope';
export { encodeEnvelope, messageSize, type QueueMessage, toSqsAttributes } from './message';
export {
  type OutgoingNotification,
  type PublishResult,
  publishNotifications,
} from './notifications';
export {
  chunkBySize,
  type SendOutcome,
  sendMessage,
  sendMessages,
  sqsMaxEntriesPerCall,
} from './sender';
export { sqsRecordFrom } from './sqsRecord';
