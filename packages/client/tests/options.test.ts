import { FluxaClient } from '../src/index';

describe('new FluxaClient', () => {
  it('refuses a url that is not an absolute http(s) URL', () => {
    expect(() => new FluxaClient({ url: 'localhost:8787' })).toThrow(TypeError);
    expect(() => new FluxaClient({ url: 'ftp://example.com' })).toThrow(TypeError);
  });

  it('refuses a batch larger than the API takes, naming the option', () => {
    expect(() => new FluxaClient({ url: 'http://127.0.0.1:1', maxBatchEvents: 501 })).toThrow(
      /maxBatchEvents must be a whole number from 1 to 500/,
    );
    expect(
      () => new FluxaClient({ url: 'http://127.0.0.1:1', maxBatchBytes: 4 * 1024 * 1024 + 1 }),
    ).toThrow(RangeError);
  });

  it('refuses an empty API key', () => {
    expect(() => new FluxaClient({ url: 'http://127.0.0.1:1', apiKey: '' })).toThrow(TypeError);
  });

  it('drops trailing slashes of the url', () => {
    expect(new FluxaClient({ url: 'https://api.example.com/v1//' }).url).toBe(
      'https://api.example.com/v1',
    );
  });
});
