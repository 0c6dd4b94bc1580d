import type { Scope } from './tenant';

/** Which function serves a route. */
export type RouteTarget = 'ingest' | 'query' | 'control';

/** A route of the HTTP API as API Gateway declares it. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Resource template, e.g. `/events/{event_id}`. */
  resource: string;
  target: RouteTarget;
  apiKeyRequired: boolean;
  /** The scope a key needs for this route; null on the anonymous routes. */
  scope: Scope | null;
}

/**
 * Every route of the HTTP API: the local API server routes by it, and the Terraform module
 * creates API Gateway's methods from the same list (`routes.json`, generated from this one).
 */
export const routes: readonly Route[] = [
  { method: 'POST', resource: '/events', target: 'ingest', apiKeyRequired: true, scope: 'write' },
  {
    method: 'POST',
    resource: '/events/batch',
    target: 'ingest',
    apiKeyRequired: true,
    scope: 'write',
  },
  { method: 'GET', resource: '/events', target: 'query', apiKeyRequired: true, scope: 'read' },
  {
    method: 'GET',
    resource: '/events/{event_id}',
    target: 'query',
    apiKeyRequired: true,
    scope: 'read',
  },
  {
    method: 'GET',
    resource: '/events/{event_id}/status',
    target: 'query',
    apiKeyRequired: true,
    scope: 'read',
  },
  {
    method: 'POST',
    resource: '/replays',
    target: 'control',
    apiKeyRequired: true,
    scope: 'replay',
  },
  { method: 'GET', resource: '/replays', target: 'control', apiKeyRequired: true, scope: 'replay' },
  {
    method: 'GET',
    resource: '/replays/{replay_id}',
    target: 'control',
    apiKeyRequired: true,
    scope: 'replay',
  },
  {
    method: 'POST',
    resource: '/erasures',
    target: 'control',
    apiKeyRequired: true,
    scope: 'erase',
  },
  { method: 'GET', resource: '/erasures', target: 'control', apiKeyRequired: true, scope: 'erase' },
  {
    method: 'GET',
    resource: '/erasures/{erasure_id}',
    target: 'control',
    apiKeyRequired: true,
    scope: 'erase',
  },
  {
    method: 'DELETE',
    resource: '/suppressions/{user_id}',
    target: 'control',
    apiKeyRequired: true,
    scope: 'erase',
  },
  { method: 'GET', resource: '/health', target: 'query', apiKeyRequired: false, scope: null },
  { method: 'GET', resource: '/health/ready', target: 'query', apiKeyRequired: false, scope: null },
  { method: 'GET', resource: '/openapi.json', target: 'query', apiKeyRequired: false, scope: null },
];
