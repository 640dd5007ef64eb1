/**
 * Keeps an embedded service of `npm start` alive: when it dies, start it again (a bounded
 * number of times, a log line each) or give up with one line saying what died, so the
 * launcher never goes on serving without it.
 */
interface Service {
  /** Resolves when it ends without being asked to. */
  died: Promise<void>;
  stop(): Promise<void>;
}

export interface SupervisedService<T extends Service> {
  /** What the log lines call it: "embedded PostgreSQL". */
  name: string;
  current: T;
  /** Starts it again where its clients already point (same port, same data). */
  restart(previous: T): Promise<T>;
}

export interface SupervisionOptions {
  log(line: string): void;
  /** Called once when it cannot be kept alive; the launcher stops everything. */
  giveUp(reason: string): void;
  /** Restarts allowed within `windowMs` before giving up. */
  maxRestarts?: number;
  windowMs?: number;
  /** Pause before each attempt: a killed server's processes take a moment to go. */
  pauseMs?: number;
}

/** Watches `service.current`; `stop()` waits for a restart under way, then stops whichever one runs. */
export function supervise<T extends Service>(service: SupervisedService<T>, options: SupervisionOptions): { stop(): Promise<void> } {
  const maxRestarts = options.maxRestarts ?? 3;
  const windowMs = options.windowMs ?? 10 * 60_000;
  const pauseMs = options.pauseMs ?? 1_000;
  const restarts: number[] = [];
  let stopping = false;
  let restarting: Promise<unknown> = Promise.resolve();

  const watch = async (): Promise<void> => {
    await service.current.died;
    if (stopping) return;
    for (;;) {
      const now = Date.now();
      while (restarts.length && restarts[0]! < now - windowMs) restarts.shift();
      if (restarts.length >= maxRestarts) {
        options.giveUp(`${service.name} died and could not be kept running (${maxRestarts} restarts in ${windowMs / 60_000} min); stopping everything`);
        return;
      }
      restarts.push(now);
      options.log(`${service.name} died; restarting it (restart ${restarts.length} of at most ${maxRestarts})`);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      if (stopping) return;
      try {
        const next = service.restart(service.current);
        restarting = next.catch(() => {});
        service.current = await next;
        if (stopping) return;
        options.log(`${service.name} is running again`);
        void watch();
        return;
      } catch (error) {
        options.log(`${service.name} did not start again: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  };
  void watch();
  return {
    async stop() {
      stopping = true;
      await restarting;
      await service.current.stop();
    },
  };
}
