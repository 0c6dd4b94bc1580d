import { HttpError } from '@fluxa/http';
import { parseJson } from '@fluxa/models';

/** The body as JSON, or 400 INVALID_JSON (repeated keys and invalid numbers included). */
export function parseBody(text: string) {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new HttpError(400, 'INVALID_JSON', parsed.message);
  return parsed;
}
