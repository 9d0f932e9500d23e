/** A limit: at most `count` events in any window of `ms`. */
export interface RateLimit {
  count: number;
  ms: number;
}

/** Keys kept before the quiet ones are forgotten. */
const PRUNE_AT = 10_000;

/** Sliding-window limits per key (a user, a conversation, a tenant). */
export class SlidingWindowLimiter {
  private readonly history = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly limits: readonly RateLimit[]) {
    this.longest = Math.max(...limits.map((l) => l.ms));
  }

  /** Takes a slot for `key` if one is free now; false (and nothing recorded) when a limit is reached. */
  tryTake(key: string): boolean {
    if (this.waitMs(key) > 0) return false;
    this.record(key);
    return true;
  }

  /** How long until one more event for `key` fits in every window (0: now). */
  waitMs(key: string, now = Date.now()): number {
    const times = (this.history.get(key) ?? []).filter((t) => t > now - this.longest);
    if (times.length === 0) this.history.delete(key);
    else this.history.set(key, times);
    return Math.max(0, ...this.limits.map((limit) => waitFor(times, limit, now)));
  }

  /** Records an event for `key` now. */
  record(key: string, now = Date.now()): void {
    if (this.history.size >= PRUNE_AT) this.prune(now);
    const times = this.history.get(key) ?? [];
    times.push(now);
    this.history.set(key, times);
  }

  /** Forgets keys with nothing left in any window (users and conversations that went quiet). */
  private prune(now: number): void {
    for (const [key, times] of this.history) {
      if (times[times.length - 1] <= now - this.longest) this.history.delete(key);
    }
  }
}

/**
 * Waits until every (limiter, key) has a free slot at the same moment, then records them all at once, so
 * that no slot is held while waiting for another (the request goes out when its slots say it does).
 * Answers false, recording nothing, when that moment would come after `deadline` (epoch ms).
 */
export async function takeTogether(slots: ReadonlyArray<readonly [SlidingWindowLimiter, string]>, deadline = Infinity): Promise<boolean> {
  for (;;) {
    const now = Date.now();
    if (now > deadline) return false;
    const wait = Math.max(0, ...slots.map(([limiter, key]) => limiter.waitMs(key, now)));
    if (wait === 0) {
      for (const [limiter, key] of slots) limiter.record(key, now);
      return true;
    }
    if (now + wait > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** How long until one more event fits in this window. */
function waitFor(times: readonly number[], limit: RateLimit, now: number): number {
  const inWindow = times.filter((t) => t > now - limit.ms);
  if (inWindow.length < limit.count) return 0;
  return inWindow[inWindow.length - limit.count] + limit.ms - now + 1;
}
