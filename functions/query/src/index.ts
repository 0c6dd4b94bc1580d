export { createQueryHandler, type QueryDeps } from './query';
