export type { IngestDeps } from './deps';
export { createIngestHandler } from './ingest';
