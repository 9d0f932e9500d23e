import type { Remote, Salary } from '../postings/posting';

/** Formatters are built once: building an Intl formatter costs far more than formatting with it. */
const amounts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for a style in a zone (an unknown zone: UTC). */
function dateFormat(style: 'date' | 'dateTime', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${style} ${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' };
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: safeZone(timeZone) });
    // Zones come from clients: keep the cache from growing without end.
    if (dateFormats.size >= 1000) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

const unitWords: Record<NonNullable<Salary['unit']>, string> = { hour: 'hour', day: 'day', week: 'week', month: 'month', year: 'year' };

/** "USD 120,000 – 150,000 a year"; undefined when the posting gives no figure. */
export function formatSalary(salary: Salary | undefined): string | undefined {
  if (!salary || (salary.min === undefined && salary.max === undefined)) return undefined;
  const number = (n: number) => amounts.format(n);
  const { min, max } = salary;
  const range = min !== undefined && max !== undefined && min !== max ? `${number(min)} – ${number(max)}` : number((min ?? max)!);
  const currency = salary.currency ? `${salary.currency} ` : '';
  const unit = salary.unit ? ` a ${unitWords[salary.unit]}` : '';
  return `${currency}${range}${unit}`;
}

/**
 * A calendar date as people read it, in their time zone. A date the posting gave without a time
 * (stored as midnight UTC) is shown as that calendar day everywhere, not shifted a day west.
 */
export function formatDate(date: Date | undefined, timeZone?: string): string | undefined {
  if (!date || Number.isNaN(date.getTime())) return undefined;
  const dateOnly = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
  return dateFormat('date', dateOnly ? 'UTC' : timeZone).format(date);
}

/** A moment with its time, in the user's time zone. */
export function formatDateTime(date: Date, timeZone?: string): string {
  return dateFormat('dateTime', timeZone).format(date);
}

/** How long since a moment, in the largest whole unit: "for 3 days", "since today". */
export function formatDuration(since: Date, now: Date): string {
  const days = Math.floor((now.getTime() - since.getTime()) / 86_400_000);
  if (days < 1) return 'since today';
  if (days < 14) return `for ${days} ${days === 1 ? 'day' : 'days'}`;
  if (days < 60) return `for ${Math.floor(days / 7)} weeks`;
  return `for ${Math.floor(days / 30)} months`;
}

/** Words for the remote kind; undefined when unknown. */
export function formatRemote(remote: Remote): string | undefined {
  return { remote: 'Remote', hybrid: 'Hybrid', onsite: 'On-site', unknown: undefined }[remote];
}

/** A time zone Intl accepts, or UTC: a bad zone from a client must not break a card. */
export function safeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone;
  } catch {
    return 'UTC'; // unknown IANA name from the client
  }
}
