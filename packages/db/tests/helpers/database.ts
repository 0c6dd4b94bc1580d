import path from 'node:path';

/** The repository's migrations, for the tests of the runner itself. */
export const repoMigrationsDir = path.resolve(__dirname, '../../../../migrations');
