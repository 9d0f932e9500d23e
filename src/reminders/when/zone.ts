/**
 * Wall clock ⇄ instant in an IANA time zone, on the runtime's own zone data (Intl, full ICU).
 * Calendar arithmetic happens on wall-clock dates, never as "+ n × 24 h", so 09:00 stays 09:00 across DST.
 */

/** A calendar day. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** Wall-clock components, as a clock on the wall in some zone shows them. */
export interface WallClock extends CalendarDay {
  hour: number;
  minute: number;
  /** Seconds; 0 when left out. */
  second?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone to compute in: the given IANA name when the runtime knows it, otherwise UTC (never throws). */
export function resolveTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch (error) {
    // Teams may send no zone or one this runtime does not know; a reminder in UTC beats no reminder.
    if (error instanceof RangeError) return 'UTC';
    throw error;
  }
}

/** What a wall clock in `timeZone` shows at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): Required<WallClock> {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute, second: fields.second };
}

/** Wall-clock components in a zone → the UTC instant (handles DST gaps by moving forward, overlaps by taking the earlier instant). */
export function zonedWallClockToUtc(parts: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const zone = resolveTimeZone(timeZone);
  const wall = floatingMs({ ...parts, second: 0 });
  // Offsets a day either side bracket any one change; each is right where it still holds at its own instant.
  const offsetBefore = offsetMs(wall - DAY_MS, zone);
  const offsetAfter = offsetMs(wall + DAY_MS, zone);
  const matches = [wall - offsetBefore, wall - offsetAfter].filter((instant) => offsetMs(instant, zone) === wall - instant);
  // Two matches: the clock was turned back and shows this time twice; take the first time it does.
  if (matches.length > 0) return new Date(Math.min(...matches));
  // No match: the clock jumped over this time (spring forward). Keeping the offset from before the jump
  // moves it forward by the jump's length (02:30 → 03:30), as Temporal's "compatible" rule does.
  return new Date(wall - offsetBefore);
}

/** The calendar day `days` after `day` (negative: before). */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(floatingMs({ year: day.year, month: day.month, day: day.day, hour: 0, minute: 0 }) + days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The wall clock read as if it were UTC: a zone-free number to compare and subtract wall-clock times. */
export function floatingMs(wall: WallClock): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second ?? 0, 0);
  return date.getTime();
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return floatingMs(wallClockAt(new Date(wholeSecond), timeZone)) - wholeSecond;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23, not hour12: false, which some ICU versions render as "24" at midnight.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
