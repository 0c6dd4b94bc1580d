import { createServer, type Server } from 'node:http';
import type { LocalStack } from '@fluxa/models';
import type { ManagedService } from './managedService';
import { portVariables } from './options';
import { listen } from './ports';
import { errorText } from './stackErrors';

interface Controlled {
  pg: ManagedService;
  emulator: ManagedService;
  poller: { kill(signal: NodeJS.Signals): void };
  relay: { kill(): Promise<void> };
  lifecycle: { kill(): Promise<void> };
  info(): LocalStack;
}

/**
 * The stack's control endpoint on 127.0.0.1, for the fault drills of
 * `make local-test`: GET /status; POST /poller/kill (SIGKILL; the supervisor
 * restarts it), /relay/kill and /lifecycle/kill (end that container mid-run; the next run
 * starts a new one), /postgres/stop, /postgres/start, /emulator/stop, /emulator/start.
 */
export async function startControlServer(
  port: number,
  controlled: Controlled,
): Promise<{ server: Server; url: string }> {
  const actions: Record<string, () => Promise<void> | void> = {
    'POST /poller/kill': () => controlled.poller.kill('SIGKILL'),
    'POST /relay/kill': () => controlled.relay.kill(),
    'POST /lifecycle/kill': () => controlled.lifecycle.kill(),
    'POST /postgres/stop': () => controlled.pg.stop(),
    'POST /postgres/start': () => controlled.pg.start(),
    'POST /emulator/stop': () => controlled.emulator.stop(),
    'POST /emulator/start': () => controlled.emulator.start(),
  };
  const server = createServer((request, response) => {
    const key = `${request.method} ${request.url}`;
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (key === 'GET /status') {
      // Anyone on this machine can reach a loopback port: no key, no database URL here.
      const { api_key: _key, database_url: _url, ...status } = controlled.info();
      return reply(200, status);
    }
    const action = actions[key];
    if (!action) return reply(404, { error: `unknown control ${key}` });
    Promise.resolve(action()).then(
      () => reply(200, { done: key }),
      (error: unknown) => reply(409, { error: errorText(error) }),
    );
  });
  const listening = await listen(server, port, portVariables.controlPort);
  return { server, url: `http://127.0.0.1:${listening}` };
}
