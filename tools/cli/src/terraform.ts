import { execFile } from 'node:child_process';
import { CliError } from './errors';

/** The outputs of a Terraform environment (`envs/<env>`) the CLI uses. */
export interface TerraformOutputs {
  api_endpoint?: string;
  sqs_queue_url?: string;
  dlq_url?: string;
  aws_region?: string;
}

/** Runs `terraform output -json` in a directory and returns its stdout. */
export type TerraformRunner = (dir: string) => Promise<string>;

/** The real runner: spawns `terraform output -json` in `dir`. */
export const runTerraformOutput: TerraformRunner = (dir) =>
  new Promise((resolve, reject) => {
    execFile(
      'terraform',
      ['output', '-json'],
      { cwd: dir, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(new CliError('terraform is not on PATH (needed by --terraform-dir)'));
        }
        const reason = stderr.trim().split('\n').find(Boolean) ?? error.message;
        reject(new CliError(`terraform output failed in ${dir}: ${reason}`));
      },
    );
  });

/** Picks the string outputs the CLI knows from `terraform output -json` text. */
export function parseTerraformOutputs(text: string, dir: string): TerraformOutputs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`terraform output -json in ${dir} did not print JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const outputs = parsed as Record<string, unknown>;
  const read = (name: keyof TerraformOutputs): string | undefined => {
    const output = outputs[name];
    if (typeof output !== 'object' || output === null) return undefined;
    const { value } = output as { value?: unknown };
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const result: TerraformOutputs = {};
  for (const name of ['api_endpoint', 'sqs_queue_url', 'dlq_url', 'aws_region'] as const) {
    const value = read(name);
    if (value !== undefined) result[name] = value;
  }
  if (!result.api_endpoint && !result.sqs_queue_url && !result.dlq_url) {
    throw new CliError(
      `terraform output in ${dir} has no api_endpoint, sqs_queue_url or dlq_url: deploy first (make deploy-dev)`,
    );
  }
  return result;
}
