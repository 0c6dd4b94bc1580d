export { correlationIdFrom } from './correlation';
export { HttpError } from './httpError';
export { type HttpRequest, jsonBodyText, parseRequest } from './request';
export { errorResponse, jsonResponse } from './response';
