import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { resolveTarget } from '../src/target';
import { emptyDir, fluxa } from './helpers/run';
import { dirWithStackFile, localStackInfo } from './helpers/stackFile';

/** A directory whose `.local/stack.json` is a directory: there, but unreadable as a file. */
function dirWithUnreadableStackFile(): string {
  const root = emptyDir();
  mkdirSync(path.join(root, '.local', 'stack.json'), { recursive: true });
  return root;
}

const terraformOutputs = JSON.stringify({
  api_endpoint: { value: 'https://abc.execute-api.eu-west-1.amazonaws.com/dev', type: 'string' },
  sqs_queue_url: {
    value: 'https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-dev-events',
    type: 'string',
  },
  dlq_url: {
    value: 'https://sqs.eu-west-1.amazonaws.com/123456789012/fluxa-dev-events-dlq',
    type: 'string',
  },
  api_key_id: { value: 'k1', type: 'string' },
});

describe('target resolution', () => {
  it('takes everything from the nearest .local/stack.json, searching upwards', async () => {
    // Prepare
    const { root, cwd } = dirWithStackFile();

    // Act
    const target = await resolveTarget({}, { env: {}, cwd });

    // Assess
    const source = path.join(root, '.local', 'stack.json');
    expect(target).toEqual({
      apiUrl: { value: localStackInfo.api_url, source },
      apiKey: { value: localStackInfo.api_key, source },
      queueUrl: { value: localStackInfo.queue_url, source },
      dlqUrl: { value: localStackInfo.dlq_url, source },
      notificationsUrl: { value: localStackInfo.notifications_queue_url, source },
      keyTenant: { value: localStackInfo.tenant_id, source },
      region: { value: 'us-east-1', source },
      endpoint: { value: localStackInfo.emulator_endpoint, source },
    });
  });

  it('prefers flags over environment over the stack file', async () => {
    // Prepare
    const { cwd } = dirWithStackFile();
    const env = { FLUXA_URL: 'http://127.0.0.1:8787/', FLUXA_API_KEY: 'env-key' };

    // Act
    const fromEnv = await resolveTarget({}, { env, cwd });
    const fromFlags = await resolveTarget({ 'api-key': 'flag-key' }, { env, cwd });

    // Assess
    expect(fromEnv.apiUrl).toEqual({ value: 'http://127.0.0.1:8787', source: 'FLUXA_URL' });
    expect(fromEnv.apiKey).toEqual({ value: 'env-key', source: 'FLUXA_API_KEY' });
    expect(fromFlags.apiKey).toEqual({ value: 'flag-key', source: '--api-key' });
  });

  it('never mixes the local stack into a remote target', async () => {
    // Prepare
    const { cwd } = dirWithStackFile();

    // Act
    const target = await resolveTarget({ url: 'https://api.example.com/dev' }, { env: {}, cwd });

    // Assess
    expect(target).toEqual({ apiUrl: { value: 'https://api.example.com/dev', source: '--url' } });
  });

  it('reads api_endpoint, sqs_queue_url and dlq_url from terraform outputs', async () => {
    // Prepare
    const runTerraform = jest.fn(async () => terraformOutputs);
    const cwd = emptyDir();

    // Act
    const target = await resolveTarget(
      { 'terraform-dir': 'infra/terraform/envs/dev' },
      { env: { FLUXA_API_KEY: 'k' }, cwd, runTerraform },
    );

    // Assess
    expect(runTerraform).toHaveBeenCalledWith(path.join(cwd, 'infra/terraform/envs/dev'));
    expect(target.apiUrl?.value).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/dev');
    expect(target.queueUrl?.source).toBe('terraform output sqs_queue_url');
    expect(target.dlqUrl?.value).toMatch(/fluxa-dev-events-dlq$/);
    expect(target.region).toEqual({ value: 'eu-west-1', source: 'the queue URL' });
    expect(target.endpoint).toBeUndefined();
  });

  it('says so when the terraform directory has no outputs yet', async () => {
    // Prepare
    const runTerraform = async () => '{}';

    // Act
    const result = fluxa(['target', '--terraform-dir', 'envs/dev'], { runTerraform });

    // Assess
    const { code, stderr } = await result;
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^fluxa: terraform output in .*envs\/dev has no api_endpoint, sqs_queue_url or dlq_url: deploy first/,
    );
  });

  it('uses the emulator endpoint for a local queue URL given in the environment', async () => {
    // Prepare
    const { cwd } = dirWithStackFile();
    const env = { FLUXA_DLQ_URL: 'http://sqs.us-east-1.localhost:4566/000000000000/other-dlq' };

    // Act
    const target = await resolveTarget({}, { env, cwd });

    // Assess
    expect(target.dlqUrl?.source).toBe('FLUXA_DLQ_URL');
    expect(target.endpoint?.value).toBe(localStackInfo.emulator_endpoint);
  });

  it('reports a stack file of another shape in one line, naming what is wrong', async () => {
    // Prepare
    const { cwd } = dirWithStackFile({ ...localStackInfo, api_url: 1, api_key: undefined });

    // Act
    const result = await fluxa(['target'], { cwd });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^fluxa: cannot read .*stack\.json: api_key is required; api_url must be a string\n$/,
    );
  });

  it.each([
    ['is not JSON', () => dirWithStackFile('{"api_url": ').cwd, /: Unexpected end of JSON input$/],
    ['cannot be read', () => dirWithUnreadableStackFile(), /: EISDIR$/],
  ])('reports a stack file that %s in one line', async (_, makeCwd, reason) => {
    // Prepare
    const cwd = makeCwd();

    // Act
    const result = await fluxa(['target'], { cwd });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^fluxa: cannot read \S*stack\.json: /);
    expect(result.stderr.trimEnd()).toMatch(reason);
  });

  it('shows where each setting came from, but never the API key', async () => {
    // Prepare
    const { cwd } = dirWithStackFile();

    // Act
    const human = await fluxa(['target'], { cwd });
    const json = await fluxa(['target', '--json'], { cwd });

    // Assess
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('api key:');
    expect(human.stdout).toContain(localStackInfo.api_url);
    expect(human.stdout + json.stdout).not.toContain(localStackInfo.api_key);
    expect(json.json()).toMatchObject({ api_key: { set: true } });
  });
});
