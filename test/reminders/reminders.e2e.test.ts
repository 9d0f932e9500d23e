import { cardOf, cardText, startTestBot, testUser, type TestBot } from '../support/bot';
import { generatedJobPath, startFixtureSite, type FixtureSite, type GeneratedJob } from '../support/fixtureSite';
import type { TestUser } from '../support/activities';

const keyOf = (user: TestUser) => `${user.tenantId}:${user.aadObjectId}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const berlin = (date: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);

describe('reminders and notices arrive once and on time, through the real scheduler and a recording connector', () => {
  let bot: TestBot;
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
    bot = await startTestBot({ SCHEDULER_PROCESS_EVERY_MS: '200', REMINDER_SWEEP_EVERY_MS: '300' });
  });
  afterAll(async () => {
    await bot?.dispose();
    await site?.close();
  });
  beforeEach(() => bot.connector.respondWith(undefined));

  const reminders = () => bot.database.db.collection('reminders');
  async function save(user: TestUser, slug: string, job: GeneratedJob): Promise<string> {
    const [reply] = await bot.say(user, `${site.url}${generatedJobPath(slug, job)}`);
    return cardOf(reply).refresh.action.data.postingId;
  }
  /** Makes the user's pending reminders due now, as if their time had come. */
  async function makeDue(user: TestUser, filter: object = {}): Promise<void> {
    const past = new Date(Date.now() - 1000);
    await reminders().updateMany({ userKey: keyOf(user), state: 'pending', ...filter }, { $set: { dueAt: past, retryAt: past } });
  }
  const proactive = (user: TestUser) => (a: any) => a.conversation?.id === `a:personal-${user.aadObjectId}` && JSON.stringify(a).includes('reminder.done');

  test('when the user picks "In 3 days" on a card, then a reminder is set for 09:00 their time, shown on the card and in the timeline', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-pick', { title: 'Site Reliability Engineer', company: 'Contoso' });

    const card = await bot.click(user, 'reminder.set', { postingId, preset: 'in3days' });

    const [stored] = await reminders().find({ userKey: keyOf(user), kind: 'followUp' }).toArray();
    expect(berlin(stored.dueAt)).toBe('09:00');
    expect(stored.dueAt.getTime() - Date.now()).toBeGreaterThan(2 * 86_400_000);
    expect(cardText(card)).toMatch(/Reminder set for .* 09:00/);
    expect(cardText(await bot.click(user, 'job.timeline', { postingId }))).toMatch(/Reminder set for .* 09:00/);
  });

  test('when a reminder comes due, then the bot writes first with the job card and Snooze / Done / Open, exactly once', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-due', { title: 'Follow-up Role', company: 'Fabrikam' });
    await bot.click(user, 'reminder.set', { postingId, preset: 'tomorrow' });

    await makeDue(user);
    const [message] = await bot.connector.waitForSent(proactive(user), 1, 15_000);
    await new Promise((r) => setTimeout(r, 1500)); // several more sweeps run meanwhile

    const text = cardText(cardOf(message));
    expect(text).toContain('Reminder: follow up');
    expect(text).toContain('Follow-up Role');
    expect(JSON.stringify(cardOf(message))).toMatch(/Snooze 1 hour.*Tomorrow.*Done.*Open/);
    expect(bot.connector.sent().filter(proactive(user))).toHaveLength(1);
    expect(await reminders().findOne({ userKey: keyOf(user) })).toMatchObject({ state: 'sent' });
    expect(cardText(await bot.click(user, 'job.timeline', { postingId }))).toContain('Reminder sent');

    const reminderId = JSON.stringify(cardOf(message)).match(/"reminderId":"(r[a-f0-9]+)"/)![1];
    const snoozed = await bot.click(user, 'reminder.snooze', { reminderId, preset: 'in1hour' });
    expect(cardText(snoozed)).toContain('I will remind you again');
    expect(await reminders().countDocuments({ userKey: keyOf(user), state: 'pending' })).toBe(1);
  });

  test('when the user types "remind me about <job> on Friday at 10", then the reminder is set for that local time', async () => {
    const user = testUser();
    await save(user, 'rem-text', { title: 'Data Engineer', company: 'Northwind' });

    const [reply] = await bot.say(user, 'remind me about northwind on Friday at 10');

    expect(cardText(cardOf(reply))).toMatch(/Reminder set for .* 10:00/);
    const [stored] = await reminders().find({ userKey: keyOf(user) }).toArray();
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'long' }).format(stored.dueAt)).toBe('Friday');
    expect(berlin(stored.dueAt)).toBe('10:00');
  });

  test('when the user asks for "reminders", then the waiting ones are listed and each can be cancelled once', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-list', { title: 'Cancel Me', company: 'Litware' });
    await bot.click(user, 'reminder.set', { postingId, preset: 'inAWeek' });

    const [list] = await bot.say(user, 'reminders');
    const listCard = cardOf(list);
    expect(cardText(listCard)).toContain('Cancel Me · Litware');
    const reminderId = JSON.stringify(listCard).match(/"reminderId":"(r[a-f0-9]+)"/)![1];

    const afterCancel = await bot.click(user, 'reminder.cancel', { reminderId });
    const again = await bot.click(user, 'reminder.cancel', { reminderId });

    expect(cardText(afterCancel)).toContain('No reminders are waiting');
    expect(cardText(again)).toContain('no longer waiting');
    expect(await reminders().findOne({ _id: reminderId as any })).toMatchObject({ state: 'cancelled' });
  });

  test('when a saved job has an expiry date, then notices are planned 3 days before and on the last day, and dropped once the user applies', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-expiry', { title: 'Expiring Role', company: 'Adatum', validThrough: inDays(10) });

    const planned = await reminders().find({ userKey: keyOf(user), kind: 'expiry' }).sort({ dueAt: 1 }).toArray();
    expect(planned.map((r) => r.daysBefore)).toEqual([3, 0]);
    expect(planned.map((r) => berlin(r.dueAt))).toEqual(['09:00', '09:00']);

    await bot.click(user, 'job.status', { postingId, status: 'applied' });
    await makeDue(user, { kind: 'expiry' });
    await new Promise((r) => setTimeout(r, 2000));

    expect(bot.connector.sent().filter(proactive(user))).toHaveLength(0);
    expect(await reminders().countDocuments({ userKey: keyOf(user), kind: 'expiry', state: 'pending' })).toBe(0);
  });

  test('when Teams answers 403 (the user removed the bot), then the reminder waits, and goes once the user talks to the bot again', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-403', { title: 'Removed Bot Role', company: 'Tailspin' });
    await bot.click(user, 'reminder.set', { postingId, preset: 'tomorrow' });
    bot.connector.respondWith((call) => (call.body?.attachments && JSON.stringify(call.body).includes('reminder.done') ? { status: 403, body: { error: { code: 'BotNotInConversationRoster' } } } : undefined));

    await makeDue(user);
    // The hold is written after the user is marked unreachable: wait for it, then look at both.
    await waitUntil(async () => (await reminders().findOne({ userKey: keyOf(user) }))?.held === true);
    expect((await bot.database.db.collection('users').findOne({ _id: keyOf(user) as any }))?.reachable).toBe(false);
    expect(await reminders().findOne({ userKey: keyOf(user) })).toMatchObject({ state: 'pending', held: true });

    bot.connector.respondWith(undefined);
    await bot.say(user, 'hello');
    const [message] = await bot.connector.waitForSent(proactive(user), 1, 15_000);
    expect(cardText(cardOf(message))).toContain('Removed Bot Role');
  });

  test('when the connector answers 429 (with and without Retry-After) and 502 in bursts, then the reminder is still delivered once', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-429', { title: 'Throttled Role', company: 'Woodgrove' });
    await bot.click(user, 'reminder.set', { postingId, preset: 'tomorrow' });
    const answers = [{ status: 429, headers: { 'Retry-After': '1' } }, { status: 429 }, { status: 502 }, { status: 502 }];
    let refused = 0;
    bot.connector.respondWith((call) => {
      if (!JSON.stringify(call.body ?? {}).includes('reminder.done') || refused >= answers.length) return undefined;
      return { ...answers[refused++], body: { error: { code: 'Throttled' } } };
    });

    await makeDue(user);
    const [message] = await bot.connector.waitForSent(proactive(user), 1, 30_000);

    expect(cardText(cardOf(message))).toContain('Throttled Role');
    expect(refused).toBe(4);
    await new Promise((r) => setTimeout(r, 1000));
    expect(bot.connector.sent().filter(proactive(user))).toHaveLength(1);
  }, 40_000);

  test('when the connector keeps answering 503, then each attempt is one request (no hidden retries) and the reminder waits a minute', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-503', { title: 'Unavailable Role', company: 'Fabrikam' });
    await bot.click(user, 'reminder.set', { postingId, preset: 'tomorrow' });
    let requests = 0;
    bot.connector.respondWith((call) => {
      if (!JSON.stringify(call.body ?? {}).includes('Unavailable Role')) return undefined;
      requests++;
      return { status: 503, body: { error: { code: 'ServiceUnavailable' } } };
    });

    await makeDue(user);
    // Five attempts with back-off 0.5 + 1 + 2 + 4 s (jittered down to half): all done well within 12 s.
    await new Promise((r) => setTimeout(r, 12_000));

    expect(requests).toBe(5);
    const [reminder] = await reminders().find({ userKey: keyOf(user) }).toArray();
    expect(reminder).toMatchObject({ state: 'pending', attempts: 1 });
    expect(reminder.retryAt.getTime()).toBeGreaterThan(Date.now() + 45_000);
    expect(bot.connector.sent().filter(proactive(user))).toHaveLength(0);
  }, 30_000);

  test('when the connector holds a reminder past its send deadline, then the send is given up there and tried once more under a new claim: it may arrive twice, never more', async () => {
    const user = testUser();
    const postingId = await save(user, 'rem-held', { title: 'Held Role', company: 'Woodgrove' });
    await bot.click(user, 'reminder.set', { postingId, preset: 'tomorrow' });
    let requests = 0;
    bot.connector.respondWith((call) => {
      if (!JSON.stringify(call.body ?? {}).includes('Held Role')) return undefined;
      requests++;
      return requests === 1 ? { status: 200, body: { id: 'late' }, delayMs: 120_000 } : undefined;
    });

    const started = Date.now();
    await makeDue(user);
    await bot.connector.waitForSent(proactive(user), 2, 60_000); // the held one counts from its arrival
    const secondAfterMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 2000));

    expect(requests).toBe(2);
    expect(secondAfterMs).toBeGreaterThan(35_000); // given up at the 40 s deadline, not before
    expect(secondAfterMs).toBeLessThan(55_000); // and not left to the 120 s lease
    expect(await reminders().findOne({ userKey: keyOf(user) })).toMatchObject({ state: 'sent', attempts: 1 });
  }, 75_000);

  describe('bad input gets a clear answer and sets nothing', () => {
    let user: TestUser;
    let postingId: string;
    beforeAll(async () => {
      user = testUser();
      postingId = await save(user, 'rem-bad', { title: 'Bad Input Role', company: 'Proseware' });
    });
    const count = () => reminders().countDocuments({ userKey: keyOf(user) });

    test.each([
      ['a date in the past', { date: '2020-01-01', time: '09:00' }, /already passed/],
      ['an absurd date', { date: '9999-12-31', time: '09:00' }, /more than two years away/],
      ['a malformed date', { date: '31/12/2026', time: '09:00' }, /not one I can read/],
    ])('when the card sends %s, then the card says so', async (_name, when, says) => {
      const before = await count();

      const card = await bot.click(user, 'reminder.set', { postingId, ...when });

      expect(cardText(card)).toMatch(says);
      expect(await count()).toBe(before);
    });

    test('when the text cannot be understood, then the answer shows how to say it', async () => {
      const [reply] = await bot.say(user, 'remind me about proseware whenever');
      expect(cardText(cardOf(reply))).toMatch(/did not understand when/);
    });

    test("when a card asks for a reminder on someone else's job, then nothing is set for anyone", async () => {
      const intruder = testUser('Intruder');
      const before = await reminders().countDocuments();

      const card = await bot.click(intruder, 'reminder.set', { postingId, preset: 'tomorrow' });

      expect(cardText(card)).toMatch(/could not find that job/);
      expect(await reminders().countDocuments()).toBe(before);
    });

    test('when a user already has 100 reminders waiting, then the next one is refused with a clear message', async () => {
      const crowded = testUser('Crowded');
      const crowdedPosting = await save(crowded, 'rem-cap', { title: 'Capped', company: 'Cap Co' });
      const now = new Date();
      await reminders().insertMany(
        Array.from({ length: 100 }, (_, i) => ({ _id: `rcap${i}-${crowded.aadObjectId}` as any, userKey: keyOf(crowded), jobId: 'x', postingId: crowdedPosting, kind: 'followUp', dueAt: new Date(now.getTime() + 86_400_000 * 30), retryAt: new Date(now.getTime() + 86_400_000 * 30), state: 'pending', attempts: 0, createdAt: now })),
      );

      const card = await bot.click(crowded, 'reminder.set', { postingId: crowdedPosting, preset: 'tomorrow' });

      expect(cardText(card)).toMatch(/too many reminders waiting/);
      expect(await reminders().countDocuments({ userKey: keyOf(crowded) })).toBe(100);
    });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}
