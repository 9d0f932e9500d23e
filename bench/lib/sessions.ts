/**
 * A load driver for people rather than machines: N virtual users, each thinking for a while (a random
 * pause), taking one action, waiting for the answer, and thinking again, for a fixed time. Every action is
 * timed under its own name. With a think time of zero it is a closed loop: the bot's saturation point.
 */

/** One action a virtual user takes: `run` sends it and judges the answer (a reason when it is wrong). */
export interface SessionAction {
  name: string;
  run(): Promise<string | undefined>;
}

/** How to drive. */
export interface SessionOptions {
  users: number;
  durationMs: number;
  /** The next pause of a user, ms (0: none). */
  think(): number;
  /** The next action of virtual user `vu` (0-based). */
  next(vu: number): SessionAction;
}

/** What one kind of action did. */
export interface ActionTally {
  /** Latency of every answered action (ok or not), ms. */
  latencies: number[];
  ok: number;
  errors: number;
  reasons: Map<string, number>;
}

/** What a run did. */
export interface SessionResult {
  /** From the start to the last answer. */
  elapsedMs: number;
  byAction: Map<string, ActionTally>;
  /** The most actions in flight at once. */
  peakInFlight: number;
}

/** An exponentially distributed pause with the given mean, kept within [min, max] ms (people neither type instantly nor leave for ever). */
export function exponentialThink(meanMs: number, minMs: number, maxMs: number): () => number {
  if (meanMs <= 0) return () => 0;
  return () => Math.min(maxMs, Math.max(minMs, -meanMs * Math.log(1 - Math.random())));
}

/** Runs the users for `durationMs` (no action starts after it) and waits for the actions in flight. */
export async function runSessions(options: SessionOptions): Promise<SessionResult> {
  const byAction = new Map<string, ActionTally>();
  const tally = (name: string) => {
    let entry = byAction.get(name);
    if (!entry) byAction.set(name, (entry = { latencies: [], ok: 0, errors: 0, reasons: new Map() }));
    return entry;
  };
  let inFlight = 0;
  let peakInFlight = 0;
  const started = performance.now();
  const end = started + options.durationMs;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const user = async (vu: number) => {
    // Users arrive spread over their first pause, not all in the same millisecond.
    await sleep(Math.random() * options.think());
    while (performance.now() < end) {
      const action = options.next(vu);
      const entry = tally(action.name);
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const sent = performance.now();
      let problem: string | undefined;
      try {
        problem = await action.run();
      } catch (error) {
        problem = `transport: ${(error as Error).message}`;
      }
      inFlight -= 1;
      entry.latencies.push(performance.now() - sent);
      if (problem) {
        entry.errors += 1;
        const reason = problem.slice(0, 120);
        entry.reasons.set(reason, (entry.reasons.get(reason) ?? 0) + 1);
      } else {
        entry.ok += 1;
      }
      const pause = options.think();
      if (pause > 0) await sleep(Math.min(pause, Math.max(0, end - performance.now())));
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, vu) => user(vu)));
  return { elapsedMs: performance.now() - started, byAction, peakInFlight };
}
