import { openApiDocument, routes as routeTable, validateBatchRequest, validateEvent } from '../src';
import { batchRequestSchema, batchResultSchema } from '../src/batchSchemas';
import { eventSchema } from '../src/eventSchema';
import { eventStatusSchema } from '../src/eventStatusSchema';
import { acceptedSchema, errorBodySchema } from '../src/responseSchemas';
import { eventListSchema, storedRecordSchema } from '../src/storedRecordSchema';

type Operation = { security?: unknown[]; responses: Record<string, unknown> };
const paths = openApiDocument.paths as unknown as Record<string, Record<string, Operation>>;

function operation(method: string, path: string): Operation | undefined {
  return paths[path]?.[method];
}

function refsIn(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

function resolve(ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, segment) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[segment]
          : undefined,
      openApiDocument,
    );
}

/** Every route of the route table, as OpenAPI names it: [method, path]. */
const routes = routeTable.map((r) => [r.method.toLowerCase(), r.resource]);

describe('openApiDocument', () => {
  it('is an OpenAPI 3.1 document', () => {
    // Assess
    expect(openApiDocument.openapi).toMatch(/^3\.1\./);
  });

  it.each(routes)('documents %s %s', (method, path) => {
    // Act
    const documented = operation(method, path);

    // Assess
    expect(documented?.responses).toBeDefined();
  });

  it('documents no route beyond the route table', () => {
    // Act
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => [method, path]),
    );

    // Assess
    expect(documented.sort()).toEqual([...routes].sort());
  });

  it.each(routes.filter(([, path]) => path === '/openapi.json' || path?.startsWith('/health')))(
    'leaves %s %s open without an API key',
    (method, path) => {
      // Act
      const security = operation(method, path)?.security;

      // Assess
      expect(security).toEqual([]);
    },
  );

  it('requires the x-api-key header everywhere else', () => {
    // Act
    const scheme = openApiDocument.components.securitySchemes.apiKey;

    // Assess
    expect(openApiDocument.security).toEqual([{ apiKey: [] }]);
    expect(scheme).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
  });

  it('uses the exported schema objects themselves as components', () => {
    // Act
    const { schemas } = openApiDocument.components;

    // Assess
    expect(schemas.Event).toBe(eventSchema);
    expect(schemas.BatchRequest).toBe(batchRequestSchema);
    expect(schemas.Accepted).toBe(acceptedSchema);
    expect(schemas.BatchResult).toBe(batchResultSchema);
    expect(schemas.StoredRecord).toBe(storedRecordSchema);
    expect(schemas.EventStatus).toBe(eventStatusSchema);
    expect(schemas.EventList).toBe(eventListSchema);
    expect(schemas.ErrorBody).toBe(errorBodySchema);
  });

  it('documents every error status of the ingest routes with the error body', () => {
    // Act
    const statuses = Object.keys(operation('post', '/events')?.responses ?? {});

    // Assess
    expect(statuses.sort()).toEqual(
      ['202', '400', '401', '403', '413', '415', '429', '500', '503'].sort(),
    );
    expect(openApiDocument.components.responses.Throttled.headers['Retry-After']).toBeDefined();
  });

  it('gives request examples that the validators accept', () => {
    // Prepare
    type Body = { requestBody: { content: { 'application/json': { example: unknown } } } };
    const exampleOf = (path: string) =>
      (operation('post', path) as unknown as Body).requestBody.content['application/json'].example;

    // Act
    const event = validateEvent(exampleOf('/events'), { now: new Date() });
    const batch = validateBatchRequest(exampleOf('/events/batch'));

    // Assess
    expect(event.ok).toBe(true);
    expect(batch.ok).toBe(true);
  });

  it('resolves every $ref inside the document', () => {
    // Act
    const unresolved = refsIn(openApiDocument).filter((ref) => resolve(ref) === undefined);

    // Assess
    expect(unresolved).toEqual([]);
  });

  it('survives a JSON round trip unchanged', () => {
    // Act
    const copy: unknown = JSON.parse(JSON.stringify(openApiDocument));

    // Assess
    expect(copy).toEqual(openApiDocument);
  });
});
