export { authorize } from './authorize';
export { correlationIdFrom } from './correlation';
export { createHttpHandler, type HttpHandlerOptions, noRoute, type RequestScope } from './handler';
export { HttpError, type HttpErrorOptions } from './httpError';
export { type HttpRequest, jsonBodyText, parseRequest, refuseQueryParameters } from './request';
export { errorResponse, jsonResponse } from './response';
