import { batchRequestSchema, batchResultSchema } from './batchSchemas';
import {
  erasureListSchema,
  erasureRequestSchema,
  erasureSchema,
  erasureStartedSchema,
  suppressionLiftedSchema,
} from './erasureSchemas';
import { eventListQuerySchema } from './eventListQuerySchema';
import { eventSchema } from './eventSchema';
import { eventStatusSchema } from './eventStatusSchema';
import { exampleEvent } from './exampleEvent';
import { correlationHeader, errorResponses, errors, schemaRef, success } from './openapiResponses';
import {
  replayDryRunSchema,
  replayListSchema,
  replayRequestSchema,
  replaySchema,
  replayStartedSchema,
} from './replaySchemas';
import { acceptedSchema, errorBodySchema, healthSchema, readinessSchema } from './responseSchemas';
import { correlationIdSchema, eventIdSchema } from './schemaFragments';
import { eventListSchema, storedRecordSchema } from './storedRecordSchema';

const authenticated = ['Unauthorized', 'Forbidden', 'Throttled', 'InternalError'] as const;
const ingestErrors = errors(
  'BadRequest',
  ...authenticated,
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'ServiceUnavailable',
);
const readErrors = errors('BadRequest', ...authenticated, 'NotFound', 'ServiceUnavailable');
const replayErrors = errors('BadRequest', ...authenticated, 'Conflict', 'ServiceUnavailable');

function requestBody(schemaName: string, description: string, example: unknown) {
  const content = { 'application/json': { schema: { $ref: schemaRef(schemaName) }, example } };
  return { required: true, description, content };
}

const ingestHeaders = [
  { $ref: '#/components/parameters/CorrelationId' },
  { $ref: '#/components/parameters/ContentEncoding' },
];

const listParameters = Object.entries(eventListQuerySchema.properties).map(([name, schema]) => ({
  name,
  in: 'query',
  required: false,
  description: schema.description,
  schema,
}));

/** The OpenAPI 3.1 document of the HTTP API, its schemas being the exported JSON Schemas. */
export const openApiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'Fluxa',
    version: '1.0.0',
    description: 'Transaction event ingestion: validated, queued, stored exactly once.',
  },
  security: [{ apiKey: [] }],
  paths: {
    '/events': {
      post: {
        operationId: 'ingestEvent',
        summary: 'Validate and enqueue one event.',
        parameters: ingestHeaders,
        requestBody: requestBody(
          'Event',
          'One event; gzip Content-Encoding is accepted.',
          exampleEvent,
        ),
        responses: {
          '202': success('Validated and durably enqueued.', 'Accepted'),
          ...ingestErrors,
        },
      },
      get: {
        operationId: 'listEvents',
        summary: 'Events of one user or one correlation id, newest timestamp first.',
        parameters: listParameters,
        responses: { '200': success('One page of events.', 'EventList'), ...readErrors },
      },
    },
    '/events/batch': {
      post: {
        operationId: 'ingestBatch',
        summary: 'Validate each of 1–500 events on its own and enqueue the valid ones.',
        parameters: ingestHeaders,
        requestBody: requestBody('BatchRequest', 'At most 5 MiB after gunzip.', {
          events: [exampleEvent],
        }),
        responses: {
          '202': success('Per-item results in request order.', 'BatchResult'),
          ...ingestErrors,
        },
      },
    },
    '/events/{event_id}': {
      get: {
        operationId: 'getEvent',
        summary: 'One persisted event.',
        parameters: [{ $ref: '#/components/parameters/EventId' }],
        responses: { '200': success('The stored record.', 'StoredRecord'), ...readErrors },
      },
    },
    '/events/{event_id}/status': {
      get: {
        operationId: 'getEventStatus',
        summary: 'What the processor knows about an event.',
        parameters: [{ $ref: '#/components/parameters/EventId' }],
        responses: { '200': success('Processing status.', 'EventStatus'), ...readErrors },
      },
    },
    '/replays': {
      post: {
        operationId: 'startReplay',
        summary: 'Publish again the notifications of events stored in a window (scope replay).',
        requestBody: requestBody('ReplayRequest', 'The window and filters; dry_run counts only.', {
          stored_after: '2026-11-01T00:00:00Z',
          stored_before: '2026-11-02T00:00:00Z',
          user_id: exampleEvent.user_id,
        }),
        responses: {
          '200': success('Dry run: how many events a replay would publish.', 'ReplayDryRun'),
          '202': success('Started: it publishes in the background.', 'ReplayStarted'),
          ...replayErrors,
        },
      },
      get: {
        operationId: 'listReplays',
        summary: 'The tenant’s latest replays, newest first.',
        responses: { '200': success('The latest replays.', 'ReplayList'), ...readErrors },
      },
    },
    '/replays/{replay_id}': {
      get: {
        operationId: 'getReplay',
        summary: 'One replay of the tenant: how far it got.',
        parameters: [{ name: 'replay_id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': success('The replay.', 'Replay'), ...readErrors },
      },
    },
    '/erasures': {
      post: {
        operationId: 'startErasure',
        summary:
          'Delete every stored event of one user and its payloads; optionally refuse the user’s later events (scope erase).',
        requestBody: requestBody('ErasureRequest', 'The user; suppress to refuse later events.', {
          user_id: exampleEvent.user_id,
          suppress: true,
        }),
        responses: {
          '202': success(
            'Started (or already running): it works in the background.',
            'ErasureStarted',
          ),
          ...errors('BadRequest', ...authenticated, 'ServiceUnavailable'),
        },
      },
      get: {
        operationId: 'listErasures',
        summary: 'The tenant’s latest erasures, newest first.',
        responses: { '200': success('The latest erasures.', 'ErasureList'), ...readErrors },
      },
    },
    '/erasures/{erasure_id}': {
      get: {
        operationId: 'getErasure',
        summary: 'One erasure of the tenant: how far it got.',
        parameters: [
          { name: 'erasure_id', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': success('The erasure.', 'Erasure'), ...readErrors },
      },
    },
    '/suppressions/{user_id}': {
      delete: {
        operationId: 'liftSuppression',
        summary: 'Accept a suppressed user’s events again (scope erase).',
        parameters: [
          {
            name: 'user_id',
            in: 'path',
            required: true,
            schema: erasureRequestSchema.properties.user_id,
          },
        ],
        responses: {
          '200': success('The user is no longer suppressed.', 'SuppressionLifted'),
          ...readErrors,
        },
      },
    },
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Liveness; touches no dependency.',
        security: [],
        responses: { '200': success('The service is up.', 'Health') },
      },
    },
    '/health/ready': {
      get: {
        operationId: 'ready',
        summary: 'Readiness: PostgreSQL answers.',
        security: [],
        responses: {
          '200': success('Every dependency answers.', 'Readiness'),
          ...errors('ServiceUnavailable'),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApi',
        summary: 'This document.',
        security: [],
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 document.',
            headers: correlationHeader,
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Event: eventSchema,
      BatchRequest: batchRequestSchema,
      Accepted: acceptedSchema,
      BatchResult: batchResultSchema,
      StoredRecord: storedRecordSchema,
      EventStatus: eventStatusSchema,
      EventList: eventListSchema,
      ErrorBody: errorBodySchema,
      Health: healthSchema,
      Readiness: readinessSchema,
      ReplayRequest: replayRequestSchema,
      ReplayStarted: replayStartedSchema,
      ReplayDryRun: replayDryRunSchema,
      Replay: replaySchema,
      ReplayList: replayListSchema,
      ErasureRequest: erasureRequestSchema,
      ErasureStarted: erasureStartedSchema,
      Erasure: erasureSchema,
      ErasureList: erasureListSchema,
      SuppressionLifted: suppressionLiftedSchema,
    },
    responses: errorResponses,
    parameters: {
      EventId: { name: 'event_id', in: 'path', required: true, schema: eventIdSchema },
      CorrelationId: {
        name: 'X-Correlation-ID',
        in: 'header',
        required: false,
        description: 'Echoed back; a new UUID is used when absent or malformed.',
        schema: correlationIdSchema,
      },
      ContentEncoding: {
        name: 'Content-Encoding',
        in: 'header',
        required: false,
        schema: { type: 'string', enum: ['gzip', 'identity'] },
      },
    },
    headers: {
      CorrelationId: { description: 'The request correlation id.', schema: correlationIdSchema },
    },
    securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
  },
} as const;
