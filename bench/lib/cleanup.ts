/** Teardown for benchmarks: whatever a run started is stopped, also when it is interrupted. */

/** Steps that stop what a run started, in the order they were registered (run last-first). */
export type Cleanups = Array<() => Promise<unknown>>;

const running = new WeakMap<Cleanups, Promise<void>>();

/**
 * Runs the steps last-registered first, each once; a failing step is reported and the rest still run.
 * A second call while they run (a signal during the normal teardown) waits for the same run.
 */
export function runCleanups(cleanups: Cleanups): Promise<void> {
  let run = running.get(cleanups);
  if (!run) {
    run = (async () => {
      while (cleanups.length > 0) {
        const step = cleanups.pop()!;
        await step().catch((error: unknown) => console.error('cleanup:', error instanceof Error ? error.message : error));
      }
    })();
    running.set(cleanups, run);
    void run.then(() => running.delete(cleanups));
  }
  return run;
}

/**
 * On SIGINT or SIGTERM: run the cleanups, then exit (130 / 143). The handler stays installed while they run:
 * Ctrl-C reaches the whole process group and tsx relays it once more, and a second signal with no listener
 * left would end the process halfway through the teardown.
 */
export function stopOnSignal(cleanups: Cleanups): void {
  let stopping = false;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping what the run started…`);
      runCleanups(cleanups).finally(() => process.exit(code));
    });
  }
}
