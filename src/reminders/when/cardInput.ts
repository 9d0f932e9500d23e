import { AppError } from '../../errors';
import { assertSchedulable, DEFAULT_REMINDER_TIME } from './policy';
import { resolveTimeZone, zonedWallClockToUtc, type CalendarDay } from './zone';

/** The instant for an Input.Date + Input.Time pair in the user's zone (time defaults to 09:00). Throws AppError (your codes) for unparseable, past or absurd (more than 2 years ahead, e.g. year 9999) values. */
export function dateTimeToInstant(date: string, time: string | undefined, now: Date, timeZone: string | undefined): Date {
  const day = parseInputDate(date);
  const clock = parseInputTime(time);
  return assertSchedulable(zonedWallClockToUtc({ ...day, ...clock }, resolveTimeZone(timeZone)), now);
}

/** Input.Date sends `YYYY-MM-DD`; anything else, or a day the calendar does not have (02-30), is refused. */
function parseInputDate(value: string): CalendarDay {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? '').trim());
  if (match) {
    const [year, month, day] = match.slice(1).map(Number);
    const check = new Date(0);
    check.setUTCFullYear(year, month - 1, day);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return { year, month, day };
  }
  throw new AppError('REMINDER_BAD_DATE', { details: { field: 'date' } });
}

/** Input.Time sends `HH:mm` (some clients add `:ss`, which is ignored); empty means "no time picked". */
function parseInputTime(value: string | undefined): { hour: number; minute: number } {
  const text = String(value ?? '').trim();
  if (text === '') return DEFAULT_REMINDER_TIME;
  const match = /^(\d{2}):(\d{2})(?::[0-5]\d)?$/.exec(text);
  if (match) {
    const [hour, minute] = match.slice(1).map(Number);
    if (hour < 24 && minute < 60) return { hour, minute };
  }
  throw new AppError('REMINDER_BAD_TIME', { details: { field: 'time' } });
}
