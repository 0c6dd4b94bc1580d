import type { FromSchema } from 'json-schema-to-ts';
import { detailCodes } from './errorCodes';

/** One problem with a request field, as listed in an error body's `details`. */
export const violationSchema = {
  type: 'object',
  properties: {
    field: {
      type: 'string',
      description: 'Dotted path of the field ("" for the body itself), e.g. amount, metadata.',
    },
    code: { type: 'string', enum: detailCodes },
    reason: { type: 'string', description: 'Human sentence, e.g. "must be greater than 0".' },
  },
  required: ['field', 'code', 'reason'],
  additionalProperties: false,
} as const;

/** One problem with a request field. */
export type Violation = FromSchema<typeof violationSchema>;
