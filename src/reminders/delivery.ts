import { handleError } from '../errors';
import type { Logger } from '../logger';
import type { PostingRepository } from '../postings/postingRepository';
import type { UserRepository } from '../profile/user';
import type { EventRepository } from '../tracking/events';
import type { TrackedJobRepository } from '../tracking/trackedJob';
import type { Notifier } from './notifier';
import { respectsQuietHours, type Reminder, type ReminderRepository } from './reminder';
import { quietHours } from './when';

/** What one delivery attempt did. `alreadySent`: an earlier attempt sent it but could not record that; now it is. */
export type DeliveryOutcome = 'sent' | 'alreadySent' | 'dropped' | 'held' | 'later' | 'busy' | 'notDue';

/**
 * A claim lasts this long; a worker that dies mid-send loses it after this and another takes over. It is
 * longer than a live worker ever holds one: a send answers within SEND_WITHIN_MS of the claim, and its
 * recording is retried for at most RECORD_WITHIN_MS after that.
 */
const LEASE_MS = 120_000;
/** A send answers within this (else it is tried later). */
const SEND_WITHIN_MS = 40_000;
/** Recording a sent message is retried this long (the database may be away for a moment). */
const RECORD_WITHIN_MS = 60_000;
/** Reminders delivered at once by a sweep: enough to keep the connector's limits busy, few enough for the database. */
const SWEEP_CONCURRENCY = 16;
/** A user who cannot be reached is tried again after this, even if they never write. */
const HOLD_MS = 24 * 60 * 60 * 1000;
/**
 * The claims of a reminder sent longer ago than this are deleted. A sweep claims what it listed as pending
 * moments before; none works from a listing this old, so none can meet the reminder again.
 */
const FORGET_CLAIMS_AFTER_MS = 24 * 60 * 60 * 1000;
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
      const outcomes = await mapPool(due, options.concurrency ?? SWEEP_CONCURRENCY, (r) =>
        this.deliverReminder(r).catch((error: unknown): 'failed' => {
          handleError(error, this.deps.log, { reminder: r.id });
          return 'failed';
        }),
      );
      sent += outcomes.filter((o) => o === 'sent').length;
      // Stop when this round moved nothing on (everything left is claimed elsewhere, or failing for now).
      if (due.length < batch || !outcomes.some((o) => o !== 'busy' && o !== 'notDue' && o !== 'failed')) return sent;
    }
  }

  /** Deletes the delivery claims of reminders sent more than a day ago; returns how many went. */
  async forgetOldClaims(options: { batch?: number } = {}): Promise<number> {
    const before = new Date(this.now().getTime() - FORGET_CLAIMS_AFTER_MS);
    const batch = options.batch ?? 200;
    let forgotten = 0;
    // Claims that stay (their reminder is not marked yet) are stepped over, so they never block the rest.
    for (let kept = 0; ; ) {
      const { examined, deleted } = await this.deps.reminders.forgetClaimsOfSent(before, batch, kept);
      forgotten += deleted;
      if (examined < batch) return forgotten;
      if (deleted === 0) kept += examined;
    }
  }

  private async deliverReminder(reminder: Reminder): Promise<DeliveryOutcome> {
    const { reminders, log } = this.deps;
    const now = this.now();
    if (reminder.retryAt > now) return 'notDue';
    const claim = await reminders.claim(reminder.id, this.worker, now, LEASE_MS);
    if (claim.outcome === 'busy') return 'busy';
    if (claim.outcome === 'sent') {
      await this.recordDelivered(reminder, now);
      this.deps.onOutcome?.('alreadySent');
      return 'alreadySent';
    }
    let outcome: DeliveryOutcome | 'failed' = 'failed';
    try {
      outcome = await this.attempt(reminder, now);
    } finally {
      this.deps.onOutcome?.(outcome);
      // Once the message is out the claim is never given back: it is what keeps it from going twice. Giving it
      // back is retried like the recording of a send (a database away for a moment would otherwise leave the
      // reminder to wait out the lease); a give-back that comes late is harmless, as the next number decides.
      if (outcome !== 'sent') {
        await persist(() => reminders.releaseClaim(claim.claimId, this.now()), Date.now() + RECORD_WITHIN_MS).catch((error: unknown) =>
          handleError(error, log, { reminder: reminder.id }),
        );
      }
    }
    if (outcome === 'sent') await this.recordSent(reminder, claim.claimId, now);
    return outcome;
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
    const result = await notifier.notify(user, { reminder, job, posting }, new Date(now.getTime() + SEND_WITHIN_MS));
    const answeredAt = this.now().getTime(); // the send may have taken a while: later attempts count from its answer
    if (result.outcome === 'unreachable') {
      await users.setReachable(user.key, false);
      await reminders.holdForUser(reminder.id, new Date(answeredAt + HOLD_MS));
      return 'held';
    }
    if (result.outcome === 'retry') {
      await reminders.retryLater(reminder.id, new Date(answeredAt + result.afterMs), true);
      return 'later';
    }
    return 'sent';
  }

  /** Records a sent message: the claim first (it alone stops a second send), then the reminder and the journey. */
  private async recordSent(reminder: Reminder, claimId: string, now: Date): Promise<void> {
    const until = Date.now() + RECORD_WITHIN_MS;
    await persist(() => this.deps.reminders.completeClaim(claimId, now), until);
    await this.recordDelivered(reminder, now, until);
    this.deps.log.info({ reminder: reminder.id, user: reminder.userKey, kind: reminder.kind }, 'reminder sent');
  }

  /** Marks the reminder sent and adds it to the job's journey (both idempotent). */
  private async recordDelivered(reminder: Reminder, now: Date, until = Date.now() + RECORD_WITHIN_MS): Promise<void> {
    const { reminders, events } = this.deps;
    await persist(() => reminders.markSent(reminder.id, now), until);
    await persist(
      () =>
        events.append({
          id: `sent:${reminder.id}`,
          userKey: reminder.userKey,
          jobId: reminder.jobId,
          type: reminder.kind === 'followUp' ? 'reminderSent' : 'notice',
          at: now,
          data: { kind: reminder.kind, ...(reminder.daysBefore !== undefined ? { daysBefore: reminder.daysBefore } : {}) },
        }),
      until,
    );
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** Runs a write until it succeeds or `until` (epoch ms) passes, backing off from 100 ms to 5 s. */
async function persist(write: () => Promise<unknown>, until: number): Promise<void> {
  for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await write();
      return;
    } catch (error) {
      if (Date.now() + delay > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
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
