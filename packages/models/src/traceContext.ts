/**
 * A W3C trace context `traceparent` (version 00): version, 32 hex trace id, 16 hex parent id,
 * 2 hex flags, lower case. A request's header travels with its event (a queue message
 * attribute, the stored row) to the event's notifications.
 */
export const traceparentPattern = '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';

const traceparentRegExp = new RegExp(traceparentPattern);

/**
 * Whether a header value is a traceparent to carry: the version-00 form, with a trace id and a
 * parent id that are not all zeros (the specification's invalid values). Anything else is
 * ignored, as a tracer would ignore it.
 */
export function isValidTraceparent(value: string): boolean {
  if (!traceparentRegExp.test(value)) return false;
  const [, traceId = '', parentId = ''] = value.split('-');
  return !/^0+$/.test(traceId) && !/^0+$/.test(parentId);
}

/** A traceparent, in the schemas that carry one. */
export const traceparentSchema = {
  type: 'string',
  pattern: traceparentPattern,
  description: 'W3C trace context of the request that sent the event.',
} as const;
