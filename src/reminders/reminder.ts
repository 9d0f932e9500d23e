/** What a reminder is for. Follow-ups are set by the user for a time; the others are notices the bot decides. */
export const reminderKinds = ['followUp', 'expiry', 'closed'] as const;
/** One kind of reminder. */
export type ReminderKind = (typeof reminderKinds)[number];

/** Where a reminder is in its life. */
export type ReminderState = 'pending' | 'sent' | 'cancelled';

/** A message the bot will send first, at a time. */
export interface Reminder {
  id: string;
  userKey: string;
  jobId: string;
  postingId: string;
  kind: ReminderKind;
  /** When it is due, in UTC (computed from the user's wall clock and zone). */
  dueAt: Date;
  /** When the next delivery attempt may run: `dueAt` at first, later after quiet hours, back-off, or an unreachable user. */
  retryAt: Date;
  state: ReminderState;
  /** The user's IANA time zone when it was set. */
  timeZone?: string;
  /** Days before expiry, for expiry notices (0 = the last day). */
  daysBefore?: number;
  attempts: number;
  /** Waiting for the user to be reachable again (they removed the bot, or never gave a conversation). */
  held?: boolean;
  createdAt: Date;
  sentAt?: Date;
}

/** Notices (not reminders the user set for a given time) wait for the end of quiet hours. */
export function respectsQuietHours(kind: ReminderKind): boolean {
  return kind !== 'followUp';
}

/** What a claim found: ours to deliver, held by a live worker, or delivered already. */
export type ClaimResult = { outcome: 'claimed'; claimId: string } | { outcome: 'busy' } | { outcome: 'sent' };

/** Storage of reminders and of the claims that make each delivery happen once. */
export interface ReminderRepository {
  /** Inserts unless a reminder with this id exists; returns whether it was inserted. */
  insertOnce(reminder: Reminder): Promise<boolean>;
  find(userKey: string, reminderId: string): Promise<Reminder | undefined>;
  findById(reminderId: string): Promise<Reminder | undefined>;
  /** The user's pending reminders, soonest first. */
  listPending(userKey: string, limit: number): Promise<Reminder[]>;
  countPending(userKey: string): Promise<number>;
  /** How many pending reminders are due now (the delivery queue depth). */
  countDue(now: Date): Promise<number>;
  /** Pending reminders whose next attempt is due, soonest first. */
  due(now: Date, limit: number): Promise<Reminder[]>;
  /** Cancels a pending reminder of the user; false when it was not pending (already sent, cancelled, or not theirs). */
  cancel(userKey: string, reminderId: string): Promise<boolean>;
  /** Cancels the user's pending reminders of a kind on a job. */
  cancelForJob(userKey: string, jobId: string, kinds: readonly ReminderKind[]): Promise<number>;
  /** Moves the next attempt of a pending reminder. */
  retryLater(reminderId: string, retryAt: Date, countAttempt: boolean): Promise<void>;
  /** Holds a reminder until its user can be reached again (checked again at `until` at the latest). */
  holdForUser(reminderId: string, until: Date): Promise<void>;
  /** Makes the user's held reminders due at `at` (they talked to the bot again). */
  resumeUser(userKey: string, at: Date): Promise<void>;
  markSent(reminderId: string, at: Date): Promise<void>;
  /**
   * Claims the delivery of a reminder for `leaseMs`. Claims are numbered inserts keyed by the reminder id,
   * so the database lets one worker win each number; the latest claim decides: sent already, held by a live
   * worker, or (given back, or its worker died and the lease ran out) open to whoever inserts the next number.
   */
  claim(reminderId: string, worker: string, now: Date, leaseMs: number): Promise<ClaimResult>;
  /** Records that the claimed delivery happened (the claim then never expires). */
  completeClaim(claimId: string, at: Date): Promise<void>;
  /** Gives a claim back without delivering (to be tried later, under the next number). */
  releaseClaim(claimId: string, at: Date): Promise<void>;
  /**
   * Looks at `limit` completed claims older than `before` (after skipping `skip`) and deletes every claim of
   * their reminders that were marked sent before `before`; returns how many claims it looked at and how many
   * went.
   */
  forgetClaimsOfSent(before: Date, limit: number, skip?: number): Promise<{ examined: number; deleted: number }>;
  ensureIndexes(): Promise<void>;
}
