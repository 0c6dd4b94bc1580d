export { createIngestHandler, type IngestDeps } from './ingest';
