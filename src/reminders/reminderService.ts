import { AppError } from '../errors';
import { contentId } from '../postings/canonicalUrl';
import type { Posting } from '../postings/posting';
import type { PostingRepository } from '../postings/postingRepository';
import type { UserRepository } from '../profile/user';
import type { EventRepository } from '../tracking/events';
import type { TrackedJob, TrackedJobRepository } from '../tracking/trackedJob';
import type { Reminder, ReminderKind, ReminderRepository } from './reminder';
import { zonedWallClockToUtc } from './when';

/** A user may have this many reminders waiting. */
export const MAX_PENDING_REMINDERS = 100;
/** Days before a saved job's expiry to warn, unless the user chose otherwise. */
export const DEFAULT_EXPIRY_NOTICE_DAYS = 3;
/** Notices are planned for this local hour. */
const NOTICE_HOUR = 9;

/** A pending reminder with the job it is about. */
export interface PendingReminder {
  reminder: Reminder;
  job?: TrackedJob;
}

/** Follow-up reminders, expiry and closed-posting notices: what gets planned, and for when. */
export class ReminderService {
  constructor(
    private readonly deps: {
      reminders: ReminderRepository;
      jobs: TrackedJobRepository;
      postings: Pick<PostingRepository, 'find'>;
      users: UserRepository;
      events: EventRepository;
      now?: () => Date;
    },
  ) {}

  /** Sets a follow-up reminder on one of the user's jobs (once per request, however often it arrives). */
  async setFollowUp(userKey: string, jobId: string, dueAt: Date, requestId: string, timeZone?: string): Promise<Reminder> {
    const job = await this.deps.jobs.find(userKey, jobId);
    if (!job) throw new AppError('JOB_NOT_FOUND');
    return this.create(userKey, job, 'followUp', dueAt, `followUp\n${userKey}\n${requestId}`, timeZone);
  }

  /** Sets the same reminder again for later. */
  async snooze(userKey: string, reminderId: string, dueAt: Date, requestId: string, timeZone?: string): Promise<Reminder> {
    const original = await this.deps.reminders.find(userKey, reminderId);
    if (!original) throw new AppError('REMINDER_NOT_FOUND');
    await this.deps.reminders.cancel(userKey, reminderId); // a snoozed reminder that had not fired yet fires only once
    return this.setFollowUp(userKey, original.jobId, dueAt, `snooze:${reminderId}:${requestId}`, timeZone);
  }

  /** Cancels a waiting reminder; cancelling one that already went (or was cancelled) says so. */
  async cancel(userKey: string, reminderId: string): Promise<Reminder> {
    const reminder = await this.deps.reminders.find(userKey, reminderId);
    if (!reminder) throw new AppError('REMINDER_NOT_FOUND');
    if (!(await this.deps.reminders.cancel(userKey, reminderId))) throw new AppError('REMINDER_NOT_PENDING');
    return { ...reminder, state: 'cancelled' };
  }

  /** The user's reminder (sent or not); a reminder that is not theirs does not exist for them. */
  async getOrThrow(userKey: string, reminderId: string): Promise<Reminder> {
    const reminder = await this.deps.reminders.find(userKey, reminderId);
    if (!reminder) throw new AppError('REMINDER_NOT_FOUND');
    return reminder;
  }

  /** The user's waiting reminders, soonest first, with their jobs. */
  async listPending(userKey: string): Promise<PendingReminder[]> {
    const reminders = await this.deps.reminders.listPending(userKey, 20);
    const jobs = new Map((await this.deps.jobs.findMany(userKey, [...new Set(reminders.map((r) => r.jobId))])).map((j) => [j.id, j]));
    return reminders.map((reminder) => ({ reminder, job: jobs.get(reminder.jobId) }));
  }

  /** Plans the expiry notices of a newly saved job: N days before its `validThrough` and on the last day, at 09:00 local. */
  async planExpiryNotices(userKey: string, job: TrackedJob, posting: Posting): Promise<number> {
    if (!posting.validThrough || job.status !== 'saved') return 0;
    const user = await this.deps.users.find(userKey);
    const days = user?.expiryNoticeDays === undefined ? DEFAULT_EXPIRY_NOTICE_DAYS : user.expiryNoticeDays;
    if (days === null) return 0;
    let planned = 0;
    for (const daysBefore of [...new Set([days, 0])]) {
      const dueAt = localMorning(posting.validThrough, -daysBefore, user?.timeZone);
      if (dueAt <= this.now()) continue;
      const seed = `expiry\n${job.id}\n${daysBefore}\n${posting.validThrough.toISOString()}`;
      await this.create(userKey, job, 'expiry', dueAt, seed, user?.timeZone, { daysBefore, quiet: true });
      planned += 1;
    }
    return planned;
  }

  /** Changes how many days before expiry the user is warned (or turns it off), for jobs saved from now on and those waiting. */
  async setExpiryNoticeDays(userKey: string, days: number | null): Promise<void> {
    if (days !== null && (!Number.isInteger(days) || days < 0 || days > 30)) throw new AppError('BAD_NOTICE_DAYS');
    await this.deps.users.setExpiryNoticeDays(userKey, days);
  }

  /** Tells every user who keeps a posting that it closed: one notice each, whatever happens twice. */
  async noticeClosed(postingId: string, trackers: readonly TrackedJob[]): Promise<number> {
    let created = 0;
    for (const job of trackers) {
      const inserted = await this.create(job.userKey, job, 'closed', this.now(), `closed\n${postingId}\n${job.userKey}`, undefined, { quiet: true }).then(
        () => true,
        (error: unknown) => {
          if (error instanceof AppError && error.code === 'REMINDER_LIMIT') return false;
          throw error;
        },
      );
      if (inserted) created += 1;
    }
    return created;
  }

  /** A user who could not be reached talks to the bot again: what waited for them goes now. */
  async resume(userKey: string): Promise<void> {
    await this.deps.reminders.resumeUser(userKey, this.now());
  }

  private async create(
    userKey: string,
    job: TrackedJob,
    kind: ReminderKind,
    dueAt: Date,
    seed: string,
    timeZone: string | undefined,
    options: { daysBefore?: number; quiet?: boolean } = {},
  ): Promise<Reminder> {
    if (!options.quiet && (await this.deps.reminders.countPending(userKey)) >= MAX_PENDING_REMINDERS) throw new AppError('REMINDER_LIMIT');
    const now = this.now();
    const reminder: Reminder = {
      id: `r${contentId(seed).slice(0, 23)}`,
      userKey,
      jobId: job.id,
      postingId: job.postingId,
      kind,
      dueAt,
      retryAt: dueAt,
      state: 'pending',
      timeZone,
      daysBefore: options.daysBefore,
      attempts: 0,
      createdAt: now,
    };
    if (await this.deps.reminders.insertOnce(reminder)) {
      if (kind === 'followUp') {
        await this.deps.events.append({ id: `set:${reminder.id}`, userKey, jobId: job.id, type: 'reminderSet', at: now, data: { dueAt: dueAt.toISOString() } });
      }
      return reminder;
    }
    return (await this.deps.reminders.findById(reminder.id)) ?? reminder;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** 09:00 on the calendar day `offsetDays` from `date`'s day, in the zone. */
function localMorning(date: Date, offsetDays: number, timeZone: string | undefined): Date {
  const zone = timeZone ?? 'UTC';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: safe(zone), year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const day = new Date(Date.UTC(get('year'), get('month') - 1, get('day') + offsetDays));
  return zonedWallClockToUtc({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: NOTICE_HOUR, minute: 0 }, safe(zone));
}

function safe(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC'; // an unknown zone from the client: plan in UTC rather than fail
  }
}
