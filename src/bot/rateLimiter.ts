/** A limit: at most `count` events in any window of `ms`. */
export interface RateLimit {
  count: number;
  ms: number;
}

/**
 * Sliding-window limits per key (a conversation, a tenant). `take` waits until one more event fits in
 * every window of the key, so callers queue instead of being refused.
 */
export class SlidingWindowLimiter {
  private readonly history = new Map<string, number[]>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly limits: readonly RateLimit[]) {}

  /** Takes a slot for `key` if one is free now; false (and nothing recorded) when a limit is reached. */
  tryTake(key: string): boolean {
    const now = Date.now();
    const longest = Math.max(...this.limits.map((l) => l.ms));
    const times = (this.history.get(key) ?? []).filter((t) => t > now - longest);
    if (this.limits.some((limit) => waitFor(times, limit, now) > 0)) {
      this.history.set(key, times);
      return false;
    }
    times.push(now);
    this.history.set(key, times);
    return true;
  }

  /**
   * Waits for a slot under every limit for `key`, then records it; calls for one key are served in order.
   * With a `deadline` (epoch ms), answers false instead of waiting past it (and records nothing).
   */
  take(key: string, deadline = Infinity): Promise<boolean> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const turn = previous.then(() => this.waitForSlot(key, deadline));
    const tail = turn.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return turn;
  }

  private async waitForSlot(key: string, deadline: number): Promise<boolean> {
    const longest = Math.max(...this.limits.map((l) => l.ms));
    for (;;) {
      const now = Date.now();
      const times = (this.history.get(key) ?? []).filter((t) => t > now - longest);
      const wait = Math.max(0, ...this.limits.map((limit) => waitFor(times, limit, now)));
      this.history.set(key, times);
      if (wait === 0) {
        times.push(now);
        return true;
      }
      if (now + wait > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** How long until one more event fits in this window. */
function waitFor(times: readonly number[], limit: RateLimit, now: number): number {
  const inWindow = times.filter((t) => t > now - limit.ms);
  if (inWindow.length < limit.count) return 0;
  return inWindow[inWindow.length - limit.count] + limit.ms - now + 1;
}
