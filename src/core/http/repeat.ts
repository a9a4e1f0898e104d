import type { FastifyInstance } from 'fastify';

/**
 * Runs `task` when the server starts listening (unless `atStart` is false) and then every `everyMs`, one run at
 * a time (a tick while one runs is skipped), until the server closes, which waits for a run in progress.
 * Servers do this; tests that only inject requests never listen, so they call the task themselves. `start` may
 * decline (saying why in the log). The task is told whether the server is closing, so a long run can stop
 * between steps.
 */
export function repeatWhileListening(
  app: FastifyInstance,
  options: {
    readonly everyMs: number;
    readonly name: string;
    readonly start?: () => boolean;
    /** false: the first run is `everyMs` after the server starts listening, not at once. */
    readonly atStart?: boolean;
  },
  task: (closing: () => boolean) => Promise<unknown>,
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let closing = false;
  const tick = () => {
    if (running || closing) return;
    running = task(() => closing)
      .catch((error: unknown) => app.log.error({ err: error }, `${options.name} failed`))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onListen', (done) => {
    if (options.start && !options.start()) return done();
    timer = setInterval(tick, options.everyMs);
    timer.unref();
    if (options.atStart !== false) tick();
    done();
  });
  app.addHook('onClose', async () => {
    closing = true;
    if (timer) clearInterval(timer);
    await running;
  });
}
