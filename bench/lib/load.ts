/**
 * A closed-loop load driver: N virtual users, each posting one activity to `/api/messages`, waiting for
 * the answer, and posting the next, over keep-alive connections, for a fixed time.
 */
import http from 'node:http';

/** An HTTP answer, body as text. */
export interface Answer {
  status: number;
  body: string;
}

/** One turn a virtual user takes: the activity to post, and how to judge the answer (a reason when it is wrong). */
export interface PlannedTurn {
  activity: object;
  check(answer: Answer): string | undefined;
}

/** How to drive. */
export interface LoadOptions {
  /** Concurrent virtual users (also the number of connections). */
  users: number;
  durationMs: number;
  /** The next turn of virtual user `vu` (0-based), its `iteration`-th in this run. */
  next(vu: number, iteration: number): PlannedTurn;
}

/** What one run did. */
export interface LoadResult {
  /** Turns answered correctly. */
  ok: number;
  /** Turns that failed: transport errors, unexpected status, or a wrong answer. */
  errors: number;
  /** Error reasons with their counts. */
  reasons: Map<string, number>;
  /** From the first request to the last answer. */
  elapsedMs: number;
  /** Latency of every answered turn (ok or not), ms. */
  latencies: number[];
}

/** A keep-alive client for one bot: `post` sends an activity and reads the whole answer. */
export class BotClient {
  private readonly agent: http.Agent;
  private readonly target: URL;

  constructor(url: string, connections: number) {
    this.target = new URL('/api/messages', url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** Posts the activity; with `timeoutMs`, a request not answered by then fails (and its connection is dropped). */
  post(activity: object, timeoutMs?: number): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(activity));
    return new Promise((resolve, reject) => {
      const request = http.request(
        this.target,
        { method: 'POST', agent: this.agent, headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length }, ...(timeoutMs ? { timeout: timeoutMs } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.end(payload);
    });
  }

  /** Closes the kept-alive connections (so the bot's server can close). */
  close(): void {
    this.agent.destroy();
  }
}

/** Runs the virtual users for `durationMs` and waits for the turns in flight. */
export async function runLoad(client: BotClient, options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, errors: 0, reasons: new Map(), elapsedMs: 0, latencies: [] };
  const fail = (reason: string) => {
    result.errors += 1;
    result.reasons.set(reason, (result.reasons.get(reason) ?? 0) + 1);
  };
  const started = performance.now();
  const end = started + options.durationMs;
  const user = async (vu: number) => {
    for (let iteration = 0; performance.now() < end; iteration += 1) {
      const turn = options.next(vu, iteration);
      const sent = performance.now();
      let answer: Answer;
      try {
        answer = await client.post(turn.activity);
      } catch (error) {
        fail(`transport: ${(error as Error).message}`.slice(0, 80));
        continue;
      }
      result.latencies.push(performance.now() - sent);
      const problem = turn.check(answer);
      if (problem) fail(problem.slice(0, 120));
      else result.ok += 1;
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, vu) => user(vu)));
  result.elapsedMs = performance.now() - started;
  return result;
}

/** Runs `fn` over items with at most `limit` in flight (seeding helper). */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index], index);
    }
  });
  await Promise.all(workers);
}
