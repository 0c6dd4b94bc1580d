import {
  ConfigError,
  readAuthorizerConfig,
  readIngestConfig,
  readProcessorConfig,
  readQueryConfig,
} from '../src';

describe('function configuration', () => {
  it('reads where the authorizer’s grants live, with a 30 s cache and a 300 s grace by default', () => {
    // Act
    const config = readAuthorizerConfig({
      API_KEY_GRANTS_BUCKET: 'grants',
      API_KEY_GRANTS_KEY: 'api-key-grants.json',
    });

    // Assess
    expect(config.apiKeyGrants).toEqual({
      bucket: 'grants',
      key: 'api-key-grants.json',
      cacheSeconds: 30,
      graceSeconds: 300,
    });
  });

  it('refuses an authorizer cache over a minute or without a grants object', () => {
    // Act
    const read = () =>
      readAuthorizerConfig({
        API_KEY_GRANTS_CACHE_SECONDS: '61',
        API_KEY_GRANTS_GRACE_SECONDS: '-1',
      });

    // Assess
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'API_KEY_GRANTS_BUCKET is required',
        'API_KEY_GRANTS_KEY is required',
        'API_KEY_GRANTS_CACHE_SECONDS must be an integer from 1 to 60',
        'API_KEY_GRANTS_GRACE_SECONDS must be an integer from 0 to 3600',
      ]);
    }
  });

  it('reads the ingest environment with its documented defaults', () => {
    // Act
    const config = readIngestConfig({ QUEUE_URL: 'q', PAYLOAD_BUCKET: 'b' });

    // Assess
    expect(config).toMatchObject({
      queueUrl: 'q',
      payloadBucket: 'b',
      maxEventBytes: 1_048_576,
      sqsMaxMessageBytes: 262_144,
    });
  });

  it('names every missing or invalid variable in one error', () => {
    // Act
    const read = () => readProcessorConfig({ CLAIM_LEASE_SECONDS: 'soon' });

    // Assess
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([
          'DLQ_URL is required',
          'TOPIC_ARN is required',
          'PAYLOAD_BUCKET is required',
          'CLAIM_LEASE_SECONDS must be an integer from 1 to 43200',
          'DB_HOST is required',
          'DB_SECRET_ARN is required',
        ]),
      );
    }
  });

  it('uses DATABASE_URL when set and bounds the pool at 2 by default', () => {
    // Act
    const config = readQueryConfig({ DATABASE_URL: 'postgres://x/y' });

    // Assess
    expect(config.database).toMatchObject({ url: 'postgres://x/y', poolMax: 2, prepare: true });
  });

  it('reads the RDS Proxy switch and verifies the certificate of a remote database', () => {
    // Act
    const config = readQueryConfig({
      DB_HOST: 'h',
      DB_NAME: 'fluxa',
      DB_SECRET_ARN: 'arn',
      DB_PREPARE: 'false',
    });

    // Assess
    expect(config.database).toMatchObject({
      host: 'h',
      prepare: false,
      ssl: 'verify-full',
      port: 5432,
    });
  });

  it('refuses TLS without certificate verification for a remote database', () => {
    expect(() =>
      readQueryConfig({ DB_HOST: 'h', DB_NAME: 'fluxa', DB_SECRET_ARN: 'arn', DB_SSL: 'require' }),
    ).toThrow(/DB_SSL must be verify-full/);
  });

  it('refuses an unknown TLS mode', () => {
    expect(() => readQueryConfig({ DATABASE_URL: 'postgres://x/y', DB_SSL: 'on' })).toThrow(
      /DB_SSL must be one of disable, require, verify-full/,
    );
  });

  it('refuses an event limit above the Lambda payload limit', () => {
    expect(() =>
      readIngestConfig({
        QUEUE_URL: 'q',
        PAYLOAD_BUCKET: 'b',
        MAX_EVENT_BYTES: String(7 * 1024 * 1024),
      }),
    ).toThrow(/MAX_EVENT_BYTES must be an integer/);
  });
});
