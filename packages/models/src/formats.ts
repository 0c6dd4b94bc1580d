import { checkTimestamp } from './timestamp';

/**
 * The string formats the compiled validators use, in place of ajv-formats': `date-time` is
 * the storable-instant rule of {@link checkTimestamp}, so every schema that says
 * `format: date-time` (event, envelope, list filter, responses) holds to it.
 */
export const formats = {
  'date-time': (text: string): boolean => checkTimestamp(text).ok,
};
