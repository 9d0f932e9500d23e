import { SlidingWindowLimiter, takeTogether } from '../../src/bot/rateLimiter';

/** The real limiter, noting the moment each slot is recorded (the moment a send is let go). */
class ObservedLimiter extends SlidingWindowLimiter {
  readonly slots: Array<{ key: string; at: number }> = [];
  override record(key: string, now = Date.now()): void {
    this.slots.push({ key, at: now });
    super.record(key, now);
  }
}

describe('sliding windows shared by conversations and a tenant', () => {
  test('when many sends wait at once, then no window ever holds more than its limit, counted at the moment each send was let go', async () => {
    const conversations = new ObservedLimiter([{ count: 3, ms: 300 }]);
    const tenant = new ObservedLimiter([{ count: 5, ms: 300 }]);

    const taken = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        takeTogether([
          [conversations, `c${i % 3}`],
          [tenant, 't'],
        ]),
      ),
    );

    const busiest = (times: number[]) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 300).length));
    expect(taken.every(Boolean)).toBe(true);
    expect(tenant.slots).toHaveLength(30);
    expect(busiest(tenant.slots.map((s) => s.at))).toBeLessThanOrEqual(5);
    for (const c of ['c0', 'c1', 'c2']) expect(busiest(conversations.slots.filter((s) => s.key === c).map((s) => s.at))).toBeLessThanOrEqual(3);
    // Both slots of a send are recorded at the same moment.
    expect(conversations.slots.map((s) => s.at)).toEqual(tenant.slots.map((s) => s.at));
  });

  test('when the wait would pass the deadline, then it answers false at once and takes nothing', async () => {
    const limiter = new SlidingWindowLimiter([{ count: 1, ms: 10_000 }]);
    expect(await takeTogether([[limiter, 'k']])).toBe(true);

    expect(await takeTogether([[limiter, 'k']], Date.now() + 100)).toBe(false);
    expect(limiter.waitMs('k')).toBeGreaterThan(9000);
    expect(limiter.tryTake('other')).toBe(true);
    expect(await takeTogether([[limiter, 'free']], Date.now() - 1)).toBe(false); // a deadline already passed: not even a free slot
    expect(limiter.waitMs('free')).toBe(0);
  });
});
