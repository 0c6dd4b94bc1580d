import { forgetProcess, type ProcessRole, recordProcess } from './pidFiles';

/** A service of the stack that the fault drills stop and start again. */
export interface ManagedService {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Its pid while it runs; undefined while stopped, and for a service the stack was given. */
  pid(): number | undefined;
}

/** A started service process: its pid, and how to stop it and await its exit. */
export interface ServiceProcess {
  pid: number;
  stop(): Promise<void>;
}

/**
 * Launches a service now and keeps it stoppable and restartable; its pid file exists exactly
 * while it runs, so `make local-down` finds it even if the supervisor is gone.
 */
export async function startRestartable(
  stateDir: string,
  role: ProcessRole,
  launch: () => Promise<ServiceProcess>,
): Promise<ManagedService> {
  let running: ServiceProcess | undefined;
  const start = async () => {
    if (running) return;
    running = await launch();
    recordProcess(stateDir, role, running.pid);
  };
  await start();
  return {
    start,
    async stop() {
      const current = running;
      running = undefined;
      if (!current) return;
      await current.stop();
      forgetProcess(stateDir, role, current.pid);
    },
    pid: () => running?.pid,
  };
}

/** A service the stack was given (DATABASE_URL, an emulator endpoint): not its to stop or start. */
export function externalService(what: string): ManagedService {
  return {
    start: () => Promise.reject(new Error(`the stack uses ${what}; it cannot stop or start it`)),
    stop: async () => {},
    pid: () => undefined,
  };
}
