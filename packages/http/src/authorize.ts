import type { Caller, Scope } from '@fluxa/models';
import { HttpError } from './httpError';
import type { HttpRequest } from './request';

/**
 * The caller of a route that needs `scope`: 401 when no key identified it, 403 naming the
 * scope when its key lacks it. (An unknown or revoked key never gets here: the authorizer
 * refuses it with 403 first.)
 */
export function authorize(request: HttpRequest, scope: Scope): Caller {
  const { caller } = request;
  if (!caller) throw new HttpError(401, 'UNAUTHORIZED', 'x-api-key header is required');
  if (!caller.scopes.includes(scope)) {
    throw new HttpError(
      403,
      'FORBIDDEN',
      `the API key lacks the ${scope} scope, which ${request.method} ${request.resource} needs`,
    );
  }
  return caller;
}
