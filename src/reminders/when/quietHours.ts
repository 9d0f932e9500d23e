import { addDays, resolveTimeZone, wallClockAt, zonedWallClockToUtc } from './zone';

/** Local hour at which quiet hours start (inclusive). */
const QUIET_FROM_HOUR = 21;
/** Local hour at which quiet hours end and messages resume. */
const QUIET_UNTIL_HOUR = 8;

/** Whether an instant falls in the user's quiet hours (21:00–08:00 local), and if so the next 08:00 local. */
export function quietHours(at: Date, timeZone: string | undefined): { quiet: false } | { quiet: true; resumeAt: Date } {
  const zone = resolveTimeZone(timeZone);
  const wall = wallClockAt(at, zone);
  if (wall.hour >= QUIET_UNTIL_HOUR && wall.hour < QUIET_FROM_HOUR) return { quiet: false };
  const day = wall.hour >= QUIET_FROM_HOUR ? addDays(wall, 1) : wall;
  return { quiet: true, resumeAt: zonedWallClockToUtc({ year: day.year, month: day.month, day: day.day, hour: QUIET_UNTIL_HOUR, minute: 0 }, zone) };
}
