import { handleError } from '../errors';
import type { Logger } from '../logger';
import type { PostingRepository } from '../postings/postingRepository';
import type { UserRepository } from '../profile/user';
import type { EventRepository } from '../tracking/events';
import type { TrackedJobRepository } from '../tracking/trackedJob';
import type { Notifier } from './notifier';
import { respectsQuietHours, type Reminder, type ReminderRepository } from './reminder';
import { quietHours } from './when';

/** What one delivery attempt did. */
export type DeliveryOutcome = 'sent' | 'dropped' | 'held' | 'later' | 'busy' | 'notDue';

/** A claim lasts this long; a worker that dies mid-send loses it after this and another takes over. */
const LEASE_MS = 60_000;
/** A user who cannot be reached is tried again after this, even if they never write. */
const HOLD_MS = 24 * 60 * 60 * 1000;
/** Statuses in which an expiry notice is still useful. */
const EXPIRY_STATUSES = new Set(['saved']);

/**
 * Delivers due reminders exactly once: each send is preceded by a claim that only one worker can hold
 * (an insert keyed by the reminder id), so restarts, retries and a second worker change when, not how often.
 */
export class ReminderDelivery {
  private readonly worker: string;

  constructor(
    private readonly deps: {
      reminders: ReminderRepository;
      users: UserRepository;
      jobs: TrackedJobRepository;
      postings: Pick<PostingRepository, 'find'>;
      events: EventRepository;
      notifier: Notifier;
      log: Logger;
      worker: string;
      /** Told every attempt's outcome (metrics). */
      onOutcome?: (outcome: DeliveryOutcome | 'failed') => void;
      now?: () => Date;
    },
  ) {
    this.worker = deps.worker;
  }

  /** Delivers every reminder that is due now, `concurrency` at a time; returns how many were sent. */
  async sweep(options: { batch?: number; concurrency?: number } = {}): Promise<number> {
    const batch = options.batch ?? 500;
    let sent = 0;
    for (;;) {
      const due = await this.deps.reminders.due(this.now(), batch);
      const outcomes = await mapPool(due, options.concurrency ?? 64, (r) =>
        this.deliverReminder(r).catch((error: unknown): DeliveryOutcome => {
          handleError(error, this.deps.log, { reminder: r.id });
          return 'later';
        }),
      );
      sent += outcomes.filter((o) => o === 'sent').length;
      // Stop when this round made no progress (everything left is claimed elsewhere or waits).
      if (due.length < batch || outcomes.every((o) => o === 'busy')) return sent;
    }
  }

  /** Delivers one reminder if it is due and nobody else is delivering it. */
  async deliver(reminderId: string): Promise<DeliveryOutcome> {
    const reminder = await this.deps.reminders.findById(reminderId);
    if (!reminder || reminder.state !== 'pending') return 'dropped';
    return this.deliverReminder(reminder);
  }

  private async deliverReminder(reminder: Reminder): Promise<DeliveryOutcome> {
    const now = this.now();
    if (reminder.retryAt > now) return 'notDue';
    if (!(await this.deps.reminders.claim(reminder.id, this.worker, now, LEASE_MS))) return 'busy';
    let outcome: DeliveryOutcome | 'failed' = 'failed';
    try {
      outcome = await this.attempt(reminder, now);
      return outcome;
    } finally {
      this.deps.onOutcome?.(outcome);
      if (outcome !== 'sent') await this.deps.reminders.releaseClaim(reminder.id, this.worker);
    }
  }

  private async attempt(reminder: Reminder, now: Date): Promise<DeliveryOutcome> {
    const { reminders, users, jobs, postings, notifier } = this.deps;
    const [user, job, posting] = await Promise.all([users.find(reminder.userKey), jobs.find(reminder.userKey, reminder.jobId), postings.find(reminder.postingId)]);
    if (!job || !posting || (reminder.kind === 'expiry' && !EXPIRY_STATUSES.has(job.status))) {
      // The job was removed, or moved on so the notice no longer helps.
      await reminders.cancel(reminder.userKey, reminder.id);
      return 'dropped';
    }
    const zone = user?.timeZone ?? reminder.timeZone;
    const quiet = respectsQuietHours(reminder.kind) ? quietHours(now, zone) : ({ quiet: false } as const);
    if (quiet.quiet) {
      await reminders.retryLater(reminder.id, quiet.resumeAt, false);
      return 'later';
    }
    if (!user?.conversation || !user.reachable) {
      await reminders.holdForUser(reminder.id, new Date(now.getTime() + HOLD_MS));
      return 'held';
    }
    const result = await notifier.notify(user, { reminder, job, posting });
    if (result.outcome === 'unreachable') {
      await users.setReachable(user.key, false);
      await reminders.holdForUser(reminder.id, new Date(now.getTime() + HOLD_MS));
      return 'held';
    }
    if (result.outcome === 'retry') {
      await reminders.retryLater(reminder.id, new Date(now.getTime() + result.afterMs), true);
      return 'later';
    }
    await reminders.markSent(reminder.id, now);
    await reminders.completeClaim(reminder.id, now);
    await this.deps.events.append({
      id: `sent:${reminder.id}`,
      userKey: reminder.userKey,
      jobId: reminder.jobId,
      type: reminder.kind === 'followUp' ? 'reminderSent' : 'notice',
      at: now,
      data: { kind: reminder.kind, ...(reminder.daysBefore !== undefined ? { daysBefore: reminder.daysBefore } : {}) },
    });
    this.deps.log.info({ reminder: reminder.id, user: reminder.userKey, kind: reminder.kind }, 'reminder sent');
    return 'sent';
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** Runs `fn` over items with at most `limit` in flight, keeping the results' order. */
async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}
