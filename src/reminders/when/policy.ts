import { AppError } from '../../errors';

/** The wall-clock time a reminder gets when the user names a day but no time. */
export const DEFAULT_REMINDER_TIME = { hour: 9, minute: 0 } as const;

/** How far ahead a reminder may be set: beyond this a date is a typo (year 9999), not a plan. */
const MAX_YEARS_AHEAD = 2;

/** Throws REMINDER_IN_PAST or REMINDER_TOO_FAR unless `dueAt` is after `now` and at most two years later. */
export function assertSchedulable(dueAt: Date, now: Date): Date {
  if (dueAt.getTime() <= now.getTime()) {
    throw new AppError('REMINDER_IN_PAST', { details: { dueAt: dueAt.toISOString(), now: now.toISOString() } });
  }
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_YEARS_AHEAD);
  if (dueAt.getTime() > latest.getTime()) {
    throw new AppError('REMINDER_TOO_FAR', { details: { dueAt: dueAt.toISOString(), latest: latest.toISOString() } });
  }
  return dueAt;
}
