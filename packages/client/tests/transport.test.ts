import { createServer } from 'node:net';
import { aValidEvent } from '@fluxa/testing';
import { ApiError, FluxaClient, NetworkError, ResponseError } from '../src/index';
import { fixedAnswerServer, silentServer, type TestServer } from './helpers/servers';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('a request that gets no answer', () => {
  it('is a retryable NetworkError TIMEOUT after requestTimeoutMs', async () => {
    // Prepare
    server = await silentServer();
    const client = new FluxaClient({
      url: server.url,
      apiKey: 'k',
      requestTimeoutMs: 200,
      retryDeadlineMs: 0,
    });

    // Act
    const error = await client.send(aValidEvent()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      method: 'POST',
      path: '/events',
    });
  });

  it('is a retryable NetworkError NETWORK_ERROR when nothing listens', async () => {
    // Prepare
    const client = new FluxaClient({
      url: `http://127.0.0.1:${await closedPort()}`,
      retryDeadlineMs: 0,
    });

    // Act
    const error = await client.health().catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'NetworkError', code: 'NETWORK_ERROR', retryable: true });
  });

  it('stops, retries included, when the caller’s signal aborts, rejecting with its reason', async () => {
    // Prepare
    server = await silentServer();
    const retries: number[] = [];
    const client = new FluxaClient({
      url: server.url,
      requestTimeoutMs: 100,
      onRetry: (retry) => retries.push(retry.attempt),
    });
    const caller = new AbortController();
    const reason = new Error('the caller gave up');

    // Act
    const pending = client.health({ signal: caller.signal }).catch((caught: unknown) => caught);
    caller.abort(reason);
    const error = await pending;

    // Assess
    expect(error).toBe(reason);
    expect(retries).toEqual([]);
  });
});

describe('an answer that is not the API’s', () => {
  it('is a ResponseError when a success status carries no JSON', async () => {
    // Prepare
    server = await fixedAnswerServer(200, '<html>portal</html>');
    const client = new FluxaClient({ url: server.url, apiKey: 'k' });

    // Act
    const error = await client.get('pay-1').catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 200, retryable: false });
  });

  it('is an ApiError with the code of its status when an error status carries no error body', async () => {
    // Prepare
    server = await fixedAnswerServer(502, '<html>Bad Gateway</html>');
    const client = new FluxaClient({ url: server.url, apiKey: 'k', retryDeadlineMs: 0 });

    // Act
    const error = await client.send(aValidEvent()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', retryable: true, details: [] });
  });
});
