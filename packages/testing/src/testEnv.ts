/** Environment variables globalSetup sets for the test workers. */
export const testEnvKeys = {
  adminUrl: 'FLUXA_TEST_PG_ADMIN_URL',
  workDir: 'FLUXA_TEST_WORKDIR',
  /** A database with every migration applied: test databases are copies of it. */
  migratedTemplate: 'FLUXA_TEST_MIGRATED_TEMPLATE',
} as const;

/** Reads a variable globalSetup must have set; a clear error when it did not. */
export function requireTestEnv(key: string): string {
  const value = process.env[key];
  if (!value) {
    throw new Error(
      `${key} is not set: run this test through jest with the @fluxa/testing globalSetup`,
    );
  }
  return value;
}
