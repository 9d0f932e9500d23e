/** Throughput measurement for benchmarks: warm up, then time fixed passes in interleaved rounds and keep the median. */

/** One contender: `pass()` handles `items` items (one pass over a fixed set), synchronously or not. */
export interface Workload {
  name: string;
  items: number;
  pass(): unknown;
}

/** How long to warm up and measure; every workload gets the same treatment. */
export interface TimingOptions {
  /** Warm-up time per workload before anything is measured (JIT, caches, lazy requires). */
  warmupMs: number;
  /** Target length of one measured round; fixes how many passes a round makes. */
  roundMs: number;
  /** Measured rounds per workload; the median is reported. */
  rounds: number;
}

/** What a workload achieved. */
export interface Throughput {
  name: string;
  /** Passes per measured round, fixed after the warm-up. */
  passesPerRound: number;
  /** Items per second in each round, in the order measured. */
  perRound: number[];
  /** Median of `perRound`. */
  itemsPerSecond: number;
}

/**
 * Measures every workload. Rounds alternate between workloads, so drift on the machine (another
 * process, thermal throttling) falls on all of them rather than on whichever ran last.
 */
export async function measureThroughput(workloads: Workload[], options: TimingOptions): Promise<Throughput[]> {
  const plans: { workload: Workload; passes: number; perRound: number[] }[] = [];
  for (const workload of workloads) {
    const passMs = await warmUp(workload, options.warmupMs);
    plans.push({ workload, passes: Math.max(1, Math.ceil(options.roundMs / passMs)), perRound: [] });
  }
  for (let round = 0; round < options.rounds; round += 1) {
    for (const plan of plans) {
      const elapsedMs = await timePasses(plan.workload, plan.passes);
      plan.perRound.push((plan.passes * plan.workload.items) / (elapsedMs / 1000));
    }
  }
  return plans.map(({ workload, passes, perRound }) => ({ name: workload.name, passesPerRound: passes, perRound, itemsPerSecond: median(perRound) }));
}

/** Runs passes for at least `warmupMs` (and at least two); returns the mean time of one pass. */
async function warmUp(workload: Workload, warmupMs: number): Promise<number> {
  let passes = 0;
  const started = performance.now();
  while (passes < 2 || performance.now() - started < warmupMs) {
    await runPass(workload);
    passes += 1;
  }
  return (performance.now() - started) / passes;
}

async function timePasses(workload: Workload, passes: number): Promise<number> {
  const started = performance.now();
  for (let pass = 0; pass < passes; pass += 1) await runPass(workload);
  return performance.now() - started;
}

/** Awaits only what is asynchronous, so a synchronous workload is not charged for a promise per pass. */
async function runPass(workload: Workload): Promise<void> {
  const result = workload.pass();
  if (result instanceof Promise) await result;
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
