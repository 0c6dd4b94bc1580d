export { type DeadLetter, sendToDeadLetterQueue } from './deadLetter';
export { type DecodedEnvelope, decodeEnvelope, MalformedEnvelopeError } from './decode';
export {
  type AcceptedPayload,
  inlineEnvelope,
  inlineMessageWithin,
  s3Envelope,
  traceOf,
} from './envelope';
export {
  encodeEnvelope,
  messageSize,
  type QueueMessage,
  toSqsAttributes,
  traceparentAttribute,
} from './message';
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
