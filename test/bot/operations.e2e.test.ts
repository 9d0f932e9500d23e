import v8 from 'node:v8';
import vm from 'node:vm';
import { cardAction, personalMessage } from '../support/activities';

/** Heap still in use after a full collection (the bot runs in this process). */
function liveHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}
import { cardOf, cardText, startTestBot, testUser, type TestBot } from '../support/bot';
import { generatedJobPath, startFixtureSite, type FixtureSite } from '../support/fixtureSite';

describe('operations: per-user limits, metrics, and an endpoint that holds under malformed input', () => {
  let bot: TestBot;
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
    bot = await startTestBot({ CAPTURES_PER_MINUTE: '3', SUMMARIES_PER_MINUTE: '2', CONNECTOR_TIMEOUT_MS: '1500' });
  });
  afterAll(async () => {
    await bot?.dispose();
    await site?.close();
  });

  test('when one user sends more links in a minute than allowed, then the extra ones get a clear card and are not fetched', async () => {
    const user = testUser();
    const links = Array.from({ length: 5 }, (_, i) => `${site.url}${generatedJobPath(`limit-${i}`, { title: `Limited ${i}` })}`);
    const fetchesBefore = site.requests.length;

    const replies = await bot.say(user, links.join('\n'));

    expect(replies.map((r) => (cardText(cardOf(r)).includes('faster than I can keep up') ? 'limited' : 'saved'))).toEqual(['saved', 'saved', 'saved', 'limited', 'limited']);
    expect(site.requests.length - fetchesBefore).toBe(3);
    const other = testUser('Other');
    const [otherReply] = await bot.say(other, links[4]);
    expect(cardText(cardOf(otherReply))).toContain('Limited 4'); // the limit is per user
  });

  test('when one user asks for summaries faster than allowed, then the job card comes back with the reason', async () => {
    const user = testUser();
    const [saved] = await bot.say(user, `${site.url}${generatedJobPath('sum-limit', { title: 'Summary Limit' })}`);
    const postingId = cardOf(saved).refresh.action.data.postingId;

    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(cardText(await bot.click(user, 'job.summary', { postingId })));

    expect(answers.slice(0, 2).every((t) => t.includes('Summary'))).toBe(true);
    expect(answers[2]).toContain('faster than I can keep up');
  });

  describe('the connector is throttling or failing while the bot replies', () => {
    afterEach(() => bot.connector.respondWith(undefined));

    test('when a reply is refused once with 429 and Retry-After, then it is sent again after the wait and arrives once', async () => {
      const user = testUser();
      const attempts: number[] = [];
      bot.connector.respondWith((call) => {
        if (call.kind !== 'reply' || !JSON.stringify(call.body).includes('my jobs')) return undefined;
        attempts.push(Date.now());
        return attempts.length === 1 ? { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'Throttled' } } } : undefined;
      });

      const replies = await bot.say(user, 'help');

      expect(attempts).toHaveLength(2);
      expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(900);
      expect(replies).toHaveLength(1);
      expect(cardText(cardOf(replies[0]))).toMatch(/my jobs/);
    });

    test('when every reply fails with 500, then each send is retried a bounded number of times, the turn ends, and the next turn is answered once the connector is back', async () => {
      const user = testUser();
      let refused = 0;
      bot.connector.respondWith((call) => (call.kind === 'reply' ? (refused++, { status: 500, body: { error: { code: 'ServiceError' } } }) : undefined));

      const failed = await bot.post(personalMessage(bot.connector.url, user, 'help'));
      bot.connector.respondWith(undefined);
      const replies = await bot.say(user, 'help');

      // The reply, then the error card the turn's error handler tries: botbuilder sends each at most 4 times
      // (3 retries with back-off); the turn then ends with 200 (Teams does not re-deliver it) and the error is logged.
      expect(failed.status).toBe(200);
      expect(refused).toBeGreaterThanOrEqual(2);
      expect(refused).toBeLessThanOrEqual(8);
      expect(replies).toHaveLength(1);
    }, 60_000);

    test('when the connector holds every reply, then each send is given up after CONNECTOR_TIMEOUT_MS and not retried, the turn ends, and the next turn is answered once the connector answers again', async () => {
      const user = testUser();
      let held = 0;
      bot.connector.respondWith((call) => (call.kind === 'reply' ? (held++, { status: 200, body: { id: 'late' }, delayMs: 60_000 }) : undefined));

      const started = Date.now();
      const stalled = await bot.post(personalMessage(bot.connector.url, user, 'help'));
      const endedAfterMs = Date.now() - started;
      bot.connector.respondWith(undefined);
      const replies = await bot.say(user, 'help');

      // The reply, then the error card the turn's error handler tries: each given up after 1.5 s, once.
      expect(held).toBe(2);
      expect(stalled.status).toBe(200);
      expect(endedAfterMs).toBeLessThan(20_000); // ended, rather than waiting the minute the connector holds it
      expect(replies).toHaveLength(1);
      expect(cardText(cardOf(replies[0]))).toMatch(/my jobs/);
    }, 60_000);
  });

  test('when /metrics is scraped, then it reports turns, captures and the reminder queue', async () => {
    await bot.say(testUser(), 'help');

    const response = await fetch(`${bot.app.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toMatch(/jobtracker_turns_total\{type="message",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/jobtracker_captures_total\{outcome="saved"\} [1-9]/);
    expect(text).toMatch(/jobtracker_turn_duration_seconds_bucket/);
    expect(text).toMatch(/jobtracker_reminders_due \d+/);
  });

  test('when thousands of malformed or random activities and card invokes arrive, then no answer is a 5xx, the process lives and memory stays flat', async () => {
    const user = testUser();
    const url = bot.connector.url;
    const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });
    const valid = personalMessage(url, user, 'help');
    const generators: Array<(i: number) => unknown> = [
      () => ({}),
      () => [],
      () => 'a string',
      () => 42,
      () => null,
      (i) => ({ type: i }),
      () => ({ type: 'message' }),
      () => ({ ...valid, text: 'x'.repeat(200_000) }),
      () => ({ ...valid, from: 'not an object' }),
      () => ({ ...valid, conversation: null }),
      () => ({ ...valid, serviceUrl: 42 }),
      () => ({ ...valid, entities: [{ type: 'mention', mentioned: null }] }),
      () => ({ ...valid, value: deep(200) }),
      () => ({ ...valid, type: 'unknownType' }),
      (i) => ({ ...valid, text: String.fromCharCode(...Array.from({ length: 50 }, (_, k) => (i * 31 + k * 7) % 65_535)) }),
      () => cardAction(url, user, 'job.status', { postingId: ['array'], status: { $gt: '' } }),
      () => cardAction(url, user, 'no.such.verb', {}),
      () => ({ ...cardAction(url, user, 'job.show', {}), value: null }),
      () => ({ ...cardAction(url, user, 'job.show', {}), value: { action: 'not an object' } }),
      () => ({ ...cardAction(url, user, 'job.show', {}), name: 'composeExtension/query', value: deep(100) }),
      () => cardAction(url, user, 'jobs.list', { page: -5, status: 'x'.repeat(10_000), text: { nested: true } }),
      () => cardAction(url, user, 'reminder.set', { postingId: 'a'.repeat(32), date: '9999-99-99', time: 'noon' }),
    ];
    const statuses = new Map<number, number>();
    let heapHalfway = 0;

    for (let i = 0; i < 2200; i++) {
      if (i === 1100) heapHalfway = liveHeap(); // after warm-up: caches, JIT and pools have grown
      const body = generators[i % generators.length](i);
      const response = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    const oversized = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024) });

    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(oversized.status).toBe(413);
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
    const [reply] = await bot.say(testUser(), 'help');
    expect(cardText(cardOf(reply))).toContain('what I can do');
    // Flat: what is still reachable after the second half is what was reachable after the first.
    expect(liveHeap() - heapHalfway).toBeLessThan(20 * 1024 * 1024);
  }, 120_000);
});
