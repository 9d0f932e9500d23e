import { SlidingWindowLimiter, takeTogether } from '../../src/bot/rateLimiter';

describe('sliding windows shared by conversations and a tenant', () => {
  test('when many sends wait at once, then no window ever holds more than its limit, counted at the moment each send was let go', async () => {
    const conversations = new SlidingWindowLimiter([{ count: 3, ms: 300 }]);
    const tenant = new SlidingWindowLimiter([{ count: 5, ms: 300 }]);
    const released: Array<{ conversation: string; at: number }> = [];

    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const conversation = `c${i % 3}`;
        await takeTogether([
          [conversations, conversation],
          [tenant, 't'],
        ]);
        released.push({ conversation, at: Date.now() });
      }),
    );

    const busiest = (times: number[]) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 300).length));
    expect(released).toHaveLength(30);
    expect(busiest(released.map((r) => r.at))).toBeLessThanOrEqual(5);
    for (const c of ['c0', 'c1', 'c2']) expect(busiest(released.filter((r) => r.conversation === c).map((r) => r.at))).toBeLessThanOrEqual(3);
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
