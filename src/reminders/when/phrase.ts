import * as chrono from 'chrono-node';
import type { ParsedComponents, ParsedResult } from 'chrono-node';
import { AppError } from '../../errors';
import { assertSchedulable, DEFAULT_REMINDER_TIME } from './policy';
import { addDays, floatingMs, resolveTimeZone, wallClockAt, zonedWallClockToUtc, type CalendarDay, type WallClock } from './zone';

/** "remind me …", optionally "please remind me …"; the rest is the job and the when, in either order. */
const REQUEST = /^\s*(?:please\s+)?remind\s+me\b([\s\S]*)$/i;
/** "about <job> <when>": the job comes first. */
const ABOUT_FIRST = /^(?:about|for)\s+/i;
/** "<when> about <job>": what must follow a when-part that comes first. */
const ABOUT_AFTER = /^\s+(?:about|for)\s+([\s\S]+)$/i;
/** A connector chrono left out of its match ("acme on" + "Friday"). */
const DANGLING_CONNECTOR = /\s+(?:on|at|in|by)$/i;
/** A bare number opening chrono's match, followed by a word that starts a when-part on its own. */
const LEADING_JOB_NUMBER = /^\d+\s+(?=(?:on|at|in|by|next|this|tomorrow|today|tonight)\b)/i;
/** chrono's tag for "in 2 hours"-like results: elapsed time rather than a wall-clock time. */
const ELAPSED_TIME_TAG = 'result/relativeDateAndTime';

/** The when-part of a request: where it starts in the text, its words and what chrono made of them. */
interface WhenPart {
  index: number;
  text: string;
  start: ParsedComponents;
}

/** Splits "remind me about <job> <when>" into the job reference and the instant; undefined when the text is not such a request. Throws AppError for a when-part that cannot be understood, is in the past or is absurd. */
export function parseReminderRequest(text: string, now: Date, timeZone: string | undefined): { jobRef: string; dueAt: Date; phrase: string } | undefined {
  const request = REQUEST.exec(text);
  if (!request) return undefined;
  const body = withoutClosingPunctuation(request[1]).trimStart();
  const zone = resolveTimeZone(timeZone);
  const wallNow = wallClockAt(now, zone);
  const parse = (part: string) => chrono.parse(part, floatingReference(wallNow), { forwardDate: true });
  const { jobRef, when } = ABOUT_FIRST.test(body) ? splitJobFirst(body, parse) : splitWhenFirst(body, parse);
  const dueAt = assertSchedulable(toInstant(when.start, wallNow, now, zone), now);
  return { jobRef, dueAt, phrase: when.text };
}

/** "about acme on Friday at 10": the when-part is the last date phrase and must end the message. */
function splitJobFirst(body: string, parse: (text: string) => ParsedResult[]): { jobRef: string; when: WhenPart } {
  const last = parse(body).at(-1);
  if (!last || body.slice(last.index + last.text.length).trim() !== '') throw new AppError('REMINDER_WHEN_UNCLEAR');
  const when = releaseJobNumber(body, { index: last.index, text: last.text, start: last.start }, parse);
  const jobRef = body.slice(0, when.index).replace(ABOUT_FIRST, '').trim().replace(DANGLING_CONNECTOR, '').trim();
  if (!jobRef) throw new AppError('REMINDER_NO_JOB');
  return { jobRef, when };
}

/**
 * chrono reads "about 12 tomorrow" as "tomorrow at 12", but users name jobs by their number in "my jobs".
 * A bare number right before "on/at/in/tomorrow…" is the job's; a time is said "at 12" or "12:00".
 */
function releaseJobNumber(body: string, when: WhenPart, parse: (text: string) => ParsedResult[]): WhenPart {
  const number = LEADING_JOB_NUMBER.exec(when.text);
  if (!number) return when;
  const index = when.index + number[0].length;
  const rest = parse(body.slice(index))[0];
  if (!rest || rest.index !== 0 || index + rest.text.length !== body.length) return when;
  return { index, text: rest.text, start: rest.start };
}

/** "in 3 days about contoso": the when-part opens the message and "about <job>" follows it. */
function splitWhenFirst(body: string, parse: (text: string) => ParsedResult[]): { jobRef: string; when: WhenPart } {
  const when = parse(body)[0];
  if (!when || body.slice(0, when.index).trim() !== '') throw new AppError('REMINDER_WHEN_UNCLEAR');
  const about = ABOUT_AFTER.exec(body.slice(when.index + when.text.length));
  if (!about) throw new AppError('REMINDER_NO_JOB');
  return { jobRef: about[1].trim(), when };
}

/**
 * chrono does its calendar arithmetic in the process's own zone. Handing it the user's wall clock as a
 * zone-less local time (no `timezone`, which chrono would apply as one fixed offset) keeps "tomorrow",
 * weekdays and forward-dating on the user's calendar. Exact with the server in UTC; in a server zone
 * with DST, only a reference that falls in the server's own skipped hour is read an hour off.
 */
function floatingReference(wall: WallClock): Date {
  return new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
}

/** The instant chrono's components stand for in the user's zone. */
function toInstant(start: ParsedComponents, wallNow: WallClock, now: Date, zone: string): Date {
  const wall = wallOf(start);
  // "in 2 hours" is elapsed time: add it to the instant, so a clock change in between does not stretch it.
  if (start.tags().has(ELAPSED_TIME_TAG)) return new Date(now.getTime() + floatingMs(wall) - floatingMs(wallNow));
  // The user named a zone ("10am EST"): its offset, not theirs, says what the time means.
  const namedOffset = start.isCertain('timezoneOffset') ? start.get('timezoneOffset') : null;
  if (namedOffset !== null) return new Date(floatingMs({ ...wall, second: 0 }) - namedOffset * 60_000);
  const timeStated = start.isCertain('hour');
  const clock = timeStated ? { hour: wall.hour, minute: wall.minute } : DEFAULT_REMINDER_TIME;
  const dueAt = zonedWallClockToUtc({ ...dayOf(wall), ...clock }, zone);
  if (timeStated || dueAt.getTime() > now.getTime()) return dueAt;
  // chrono forward-dates "Friday" or "12 March" against its implied noon; with our 09:00 default the day
  // it kept can already be past 09:00, and the user meant the next one.
  const nextDay = nextOccurrence(start, dayOf(wall));
  return nextDay ? zonedWallClockToUtc({ ...nextDay, ...clock }, zone) : dueAt;
}

/** The next week's weekday or the next year's date, for phrases that name only those. */
function nextOccurrence(start: ParsedComponents, day: CalendarDay): CalendarDay | undefined {
  const onlyWeekday = start.isCertain('weekday') && !start.isCertain('day') && !start.isCertain('month');
  if (onlyWeekday) return addDays(day, 7);
  const yearUnknown = start.isCertain('month') && !start.isCertain('year');
  return yearUnknown ? { ...day, year: day.year + 1 } : undefined;
}

function wallOf(start: ParsedComponents): Required<WallClock> {
  // chrono implies every component it was not told, so these are always numbers.
  const get = (component: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second') => start.get(component) ?? 0;
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** "tomorrow!" → "tomorrow"; a loop, not /[\s.!?]+$/, which backtracks quadratically on long runs of spaces. */
function withoutClosingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && /[\s.!?]/.test(text[end - 1])) end -= 1;
  return text.slice(0, end);
}

function dayOf(wall: CalendarDay): CalendarDay {
  return { year: wall.year, month: wall.month, day: wall.day };
}
