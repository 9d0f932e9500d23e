import { createLogger } from '../../src/logger';
import { SafeFetcher } from '../../src/postings/fetch/safeFetcher';
import { JobPageReader } from '../../src/postings/jobPageReader';
import type { Posting } from '../../src/postings/posting';
import { MongoPostingRepository } from '../../src/postings/postingRepository';
import { MongoUserRepository } from '../../src/profile/mongoUserRepository';
import type { User } from '../../src/profile/user';
import { ReminderDelivery } from '../../src/reminders/delivery';
import { MongoReminderRepository } from '../../src/reminders/mongoReminderRepository';
import type { Notifier, ReminderMessage } from '../../src/reminders/notifier';
import { PostingRecheck } from '../../src/reminders/recheck';
import type { Reminder } from '../../src/reminders/reminder';
import { ReminderService } from '../../src/reminders/reminderService';
import { MongoEventRepository } from '../../src/tracking/events';
import { MongoTrackedJobRepository } from '../../src/tracking/mongoTrackedJobRepository';
import type { TrackedJob } from '../../src/tracking/trackedJob';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startFixtureSite, type FixtureSite } from '../support/fixtureSite';

/** Records what would be sent; the real Teams notifier is exercised end to end in reminders.e2e.test.ts. */
class RecordingNotifier implements Notifier {
  sent: Array<{ user: string; reminder: string; kind: string }> = [];
  async notify(user: User, message: ReminderMessage) {
    this.sent.push({ user: user.key, reminder: message.reminder.id, kind: message.reminder.kind });
    return { outcome: 'sent' as const };
  }
}

describe('reminder delivery rules and the daily re-check, against the real database', () => {
  let database: TestDatabase;
  let site: FixtureSite;
  const log = createLogger('silent');
  let clock = new Date('2026-12-01T21:30:00Z'); // 22:30 in Berlin

  beforeAll(async () => {
    database = await createTestDatabase();
    site = await startFixtureSite();
  });
  afterAll(async () => {
    await site?.close();
    await database?.dispose();
  });

  function build() {
    const db = database.db;
    const repos = {
      reminders: new MongoReminderRepository(db),
      users: new MongoUserRepository(db),
      jobs: new MongoTrackedJobRepository(db),
      postings: new MongoPostingRepository(db),
      events: new MongoEventRepository(db),
    };
    const notifier = new RecordingNotifier();
    const now = () => clock;
    const delivery = new ReminderDelivery({ ...repos, notifier, log, worker: 'test', now });
    const service = new ReminderService({ ...repos, now });
    const pages = new JobPageReader({ fetcher: new SafeFetcher({ allowPrivateHosts: ['127.0.0.1'], totalTimeoutMs: 1500 }), log });
    const recheck = new PostingRecheck({ postings: repos.postings, jobs: repos.jobs, pages, reminders: service, log, now });
    return { ...repos, notifier, delivery, service, recheck };
  }

  async function seed(parts: ReturnType<typeof build>, suffix: string, posting: Partial<Posting> = {}, withConversation = true) {
    const userKey = `tenant:${suffix}`;
    await parts.users.remember(userKey, withConversation ? { timeZone: 'Europe/Berlin', conversation: { serviceUrl: 'http://127.0.0.1:1', channelId: 'msteams', conversation: { id: `a:${suffix}` }, bot: { id: 'b' }, user: { id: `29:${suffix}` } } } : { timeZone: 'Europe/Berlin' }, clock);
    const saved: Posting = {
      id: `p${suffix}`.padEnd(32, '0').slice(0, 32),
      source: 'jsonld',
      url: `${site.url}/pages/contoso-jsonld.html`,
      canonicalUrl: `${site.url}/pages/contoso-jsonld.html`,
      title: `Job ${suffix}`,
      remote: 'unknown',
      fetchedAt: new Date(clock.getTime() - 3 * 86_400_000),
      lastCheckedAt: new Date(clock.getTime() - 3 * 86_400_000),
      open: true,
      ...posting,
    };
    await parts.postings.save(saved);
    const job: TrackedJob = { id: `j${suffix}`, userKey, postingId: saved.id, status: 'saved', title: saved.title ?? '', company: '', createdAt: clock, updatedAt: clock, statusChangedAt: clock };
    await parts.jobs.insertOnce(job);
    return { userKey, job, posting: saved };
  }

  function reminder(job: TrackedJob, kind: Reminder['kind'], id: string): Reminder {
    return { id, userKey: job.userKey, jobId: job.id, postingId: job.postingId, kind, dueAt: clock, retryAt: clock, state: 'pending', attempts: 0, createdAt: clock, daysBefore: kind === 'expiry' ? 3 : undefined };
  }

  test('when a notice comes due at 22:30 local, then it waits for 08:00; a follow-up the user set for that time goes at once', async () => {
    const parts = build();
    const { job } = await seed(parts, 'quiet');
    await parts.reminders.insertOnce(reminder(job, 'expiry', 'rquiet-notice'));
    await parts.reminders.insertOnce(reminder(job, 'followUp', 'rquiet-follow'));

    await parts.delivery.sweep();

    expect(parts.notifier.sent.map((s) => s.reminder)).toEqual(['rquiet-follow']);
    const held = await parts.reminders.findById('rquiet-notice');
    expect(held).toMatchObject({ state: 'pending', retryAt: new Date('2026-12-02T07:00:00Z') }); // 08:00 in Berlin (CET)
  });

  test('when a user has no stored conversation, then their reminder waits instead of failing', async () => {
    const parts = build();
    const { job } = await seed(parts, 'noconv', {}, false);
    await parts.reminders.insertOnce(reminder(job, 'followUp', 'rnoconv'));

    await parts.delivery.sweep();

    expect(parts.notifier.sent).toEqual([]);
    expect(await parts.reminders.findById('rnoconv')).toMatchObject({ state: 'pending', held: true });
  });

  describe('claims: each reminder goes out once, whoever tries', () => {
    const claims = () => database.db.collection<{ _id: string; reminderId: string; n: number; worker: string; state: string; leaseUntil: Date; at: Date }>('reminderDeliveries');
    const claimOf = (reminderId: string, n: number, worker: string, state: 'sending' | 'sent' | 'released', leaseUntil: Date) => ({ _id: `${reminderId}#${n}`, reminderId, n, worker, state, leaseUntil, at: clock });
    const evening = clock;
    beforeEach(() => {
      clock = new Date('2026-12-01T10:00:00Z'); // 11:00 in Berlin: no quiet hours
    });
    afterEach(() => {
      clock = evening;
    });

    test('when another worker holds a live claim, then this sweep leaves the reminder alone', async () => {
      const parts = build();
      const { job } = await seed(parts, 'live');
      await parts.reminders.insertOnce(reminder(job, 'followUp', 'rlive'));
      await claims().insertOne(claimOf('rlive', 1, 'other', 'sending', new Date(clock.getTime() + 30_000)));

      await parts.delivery.sweep();

      expect(parts.notifier.sent).toEqual([]);
      expect(await parts.reminders.findById('rlive')).toMatchObject({ state: 'pending' });
    });

    test('when the worker holding a claim died (its lease ran out), then the next claim number takes over and sends once', async () => {
      const parts = build();
      const { job } = await seed(parts, 'dead');
      await parts.reminders.insertOnce(reminder(job, 'followUp', 'rdead'));
      await claims().insertOne(claimOf('rdead', 1, 'dead-worker', 'sending', new Date(clock.getTime() - 1)));

      await parts.delivery.sweep();
      await parts.delivery.sweep();

      expect(parts.notifier.sent.map((s) => s.reminder)).toEqual(['rdead']);
      expect(await claims().find({ reminderId: 'rdead' }).sort({ _id: 1 }).toArray()).toMatchObject([
        { _id: 'rdead#1', worker: 'dead-worker', state: 'sending' },
        { _id: 'rdead#2', worker: 'test', state: 'sent' },
      ]);
      expect(await parts.reminders.findById('rdead')).toMatchObject({ state: 'sent' });
    });

    test('when a message went out but the reminder was not marked sent (the database failed), then the next sweep marks it and sends nothing', async () => {
      const parts = build();
      const { job } = await seed(parts, 'repair');
      await parts.reminders.insertOnce(reminder(job, 'followUp', 'rrepair'));
      await claims().insertOne(claimOf('rrepair', 1, 'earlier', 'sent', new Date(clock.getTime() - 120_000)));

      await parts.delivery.sweep();

      expect(parts.notifier.sent).toEqual([]);
      expect(await parts.reminders.findById('rrepair')).toMatchObject({ state: 'sent' });
    });

    test('when an earlier claim was given back and a later one sent the message, then nothing goes again', async () => {
      const parts = build();
      const { job } = await seed(parts, 'late');
      await parts.reminders.insertOnce(reminder(job, 'followUp', 'rlate'));
      // A worker whose lease ran out gave its claim back late, after another had taken over and sent.
      await claims().insertMany([claimOf('rlate', 1, 'slow', 'released', new Date(clock.getTime() - 1)), claimOf('rlate', 2, 'other', 'sent', new Date(clock.getTime() + 60_000))]);

      await parts.delivery.sweep();

      expect(parts.notifier.sent).toEqual([]);
      expect(await parts.reminders.findById('rlate')).toMatchObject({ state: 'sent' });
    });

    test('when a claim was given back (tried later), then the next attempt claims the next number and sends once', async () => {
      const parts = build();
      const { job } = await seed(parts, 'again');
      await parts.reminders.insertOnce(reminder(job, 'followUp', 'ragain'));
      await claims().insertOne(claimOf('ragain', 1, 'earlier', 'released', new Date(clock.getTime() + 60_000)));

      await parts.delivery.sweep();
      await parts.delivery.sweep();

      expect(parts.notifier.sent.map((s) => s.reminder)).toEqual(['ragain']);
      expect((await claims().find({ reminderId: 'ragain' }).sort({ n: 1 }).toArray()).map((c) => [c._id, c.state])).toEqual([
        ['ragain#1', 'released'],
        ['ragain#2', 'sent'],
      ]);
    });

    test('when reminders were marked sent more than a day ago, then their claims are deleted; claims of newer ones, of one marked late and of a cancelled one, stay', async () => {
      const parts = build();
      const { job } = await seed(parts, 'forget');
      for (const id of ['rforget-old', 'rforget-unmarked', 'rforget-cancelled']) await parts.reminders.insertOnce(reminder(job, 'followUp', id));
      await claims().insertOne(claimOf('rforget-old', 1, 'earlier', 'released', new Date(clock.getTime() - 1)));
      await parts.delivery.sweep();
      await database.db.collection('reminders').updateOne({ _id: 'rforget-cancelled' as never }, { $set: { state: 'cancelled' } });
      clock = new Date(clock.getTime() + 25 * 60 * 60 * 1000);
      await parts.reminders.insertOnce({ ...reminder(job, 'followUp', 'rforget-new'), dueAt: clock, retryAt: clock });
      await parts.delivery.sweep();
      // As if recording this one's delivery had failed: only its completed claim says it went.
      await database.db.collection('reminders').updateOne({ _id: 'rforget-unmarked' as never }, { $set: { state: 'pending' } });
      const ours = { reminderId: { $in: ['rforget-old', 'rforget-unmarked', 'rforget-cancelled', 'rforget-new'] } };
      const claimIds = async () => (await claims().find(ours).toArray()).map((c) => c._id).sort();
      expect(await claimIds()).toEqual(['rforget-cancelled#1', 'rforget-new#1', 'rforget-old#1', 'rforget-old#2', 'rforget-unmarked#1']);

      const claimsBefore = await claims().countDocuments();
      const forgotten = await parts.delivery.forgetOldClaims({ batch: 2 });
      const claimsAfter = await claims().countDocuments();
      await parts.delivery.sweep(); // marks the unmarked one sent, now
      await parts.delivery.forgetOldClaims({ batch: 2 });

      expect(forgotten).toBe(claimsBefore - claimsAfter);
      expect(await claimIds()).toEqual(['rforget-cancelled#1', 'rforget-new#1', 'rforget-unmarked#1']);
      // Each sent once (a day later, other tests' reminders come due too).
      expect(parts.notifier.sent.map((sent) => sent.reminder).filter((id) => id.startsWith('rforget-')).sort()).toEqual(['rforget-cancelled', 'rforget-new', 'rforget-old', 'rforget-unmarked']);
      expect(await parts.reminders.findById('rforget-unmarked')).toMatchObject({ state: 'sent' });
    });

    test('when two workers sweep the same due reminders at once, then each reminder is sent by exactly one of them', async () => {
      const parts = build();
      const other = new ReminderDelivery({ ...parts, log, worker: 'other', now: () => clock });
      const { job } = await seed(parts, 'race');
      const ids = Array.from({ length: 40 }, (_, i) => `rrace-${i}`);
      for (const id of ids) await parts.reminders.insertOnce(reminder(job, 'followUp', id));

      await Promise.all([parts.delivery.sweep(), other.sweep(), parts.delivery.sweep()]);

      expect(parts.notifier.sent.map((s) => s.reminder).sort()).toEqual([...ids].sort());
      const byWorker = await claims().aggregate<{ _id: string; n: number }>([{ $match: { reminderId: { $in: ids } } }, { $group: { _id: '$worker', n: { $sum: 1 } } }]).toArray();
      expect(byWorker.reduce((sum, w) => sum + w.n, 0)).toBe(ids.length);
    });
  });

  test('when a watched posting now answers 404, then it is marked closed and each of its users is told once, however often the check runs', async () => {
    const parts = build();
    const gone = `${site.url}/status/404`;
    const { posting } = await seed(parts, 'gone1', { url: gone, canonicalUrl: gone });
    const second = await seed(parts, 'gone2');
    await parts.jobs.insertOnce({ ...second.job, id: 'jgone2-same', userKey: second.userKey, postingId: posting.id });

    const first = await parts.recheck.run();
    await parts.postings.markChecked(posting.id, true, new Date(0)); // as if it were re-opened and due again
    await parts.recheck.run();

    expect(first.closed).toBeGreaterThanOrEqual(1);
    expect(await parts.postings.find(posting.id)).toMatchObject({ open: false });
    const notices = await database.db.collection('reminders').find({ postingId: posting.id, kind: 'closed' }).toArray();
    expect(notices.map((n) => n.userKey).sort()).toEqual(['tenant:gone1', 'tenant:gone2']);
  });

  test('when a posting\'s validThrough has passed, then it is closed without fetching it; an unreachable site proves nothing', async () => {
    const parts = build();
    const requestsBefore = site.requests.length;
    const { posting: expired } = await seed(parts, 'expired', { validThrough: new Date(clock.getTime() - 86_400_000), url: `${site.url}/never-asked`, canonicalUrl: `${site.url}/never-asked` });
    const hang = `${site.url}/hang`;
    const { posting: slow } = await seed(parts, 'slow', { url: hang, canonicalUrl: hang });

    await parts.recheck.run();

    expect(await parts.postings.find(expired.id)).toMatchObject({ open: false });
    expect(site.requests.slice(requestsBefore)).not.toContain('/never-asked');
    expect(await parts.postings.find(slow.id)).toMatchObject({ open: true });
  });
});
