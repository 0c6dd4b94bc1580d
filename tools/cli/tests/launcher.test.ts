import { execFile, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyDir } from './helpers/run';
import { dirWithStackFile, localStackInfo } from './helpers/stackFile';

const launcher = path.resolve(__dirname, '..', '..', '..', 'fluxa');

/** A PATH whose `node` is not Node 24 but a stand-in that fails, ahead of the system's tools. */
function pathWithBrokenNode(): string {
  const bin = emptyDir();
  writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho "node from PATH was used" >&2\nexit 1\n');
  chmodSync(path.join(bin, 'node'), 0o755);
  return [bin, '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);
}

/** Runs `./fluxa` as a new shell would: only PATH (and HOME) in its environment. */
function runLauncher(
  argv: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      launcher,
      argv,
      {
        cwd: options.cwd,
        env: { PATH: pathWithBrokenNode(), HOME: emptyDir(), ...options.env },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the ./fluxa launcher', () => {
  it('runs the CLI with the repository’s Node when the node on PATH is not Node 24', async () => {
    // Act
    const result = await runLauncher(['help'], { cwd: emptyDir() });

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: fluxa <command> [options]');
  }, 150_000);

  it('finds .local/stack.json from the directory it was run in, whatever INIT_CWD says', async () => {
    // Prepare
    const { cwd } = dirWithStackFile();
    const elsewhere = emptyDir();

    // Act
    const result = await runLauncher(['target', '--json'], {
      cwd,
      env: { INIT_CWD: elsewhere },
    });

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ api_url: { value: localStackInfo.api_url } });
  }, 150_000);

  it('ends quietly with status 0 when its reader has gone (fluxa … | head)', async () => {
    // Prepare: the read end of its stdout is closed before the CLI writes a byte
    const child = spawn(launcher, ['help'], {
      cwd: emptyDir(),
      env: { PATH: pathWithBrokenNode(), HOME: emptyDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    // Act
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    // Assess
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  }, 150_000);
});
