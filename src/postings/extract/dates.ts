/** Months by the first three letters of their English, French, German and Spanish names. */
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, fév: 2, fev: 2, mar: 3, mär: 3, apr: 4, avr: 4, abr: 4, may: 5, mai: 5, jun: 6, jui: 6, jul: 7,
  aug: 8, aoû: 8, aou: 8, ago: 8, sep: 9, oct: 10, okt: 10, nov: 11, dec: 12, déc: 12, dez: 12, dic: 12, ene: 1,
};

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MONTH_YEAR = /^(\d{1,2})\.?\s+([A-Za-zÀ-ÿ]{3,})\.?,?\s+(\d{4})$/;
const MONTH_DAY_YEAR = /^([A-Za-zÀ-ÿ]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;

/**
 * Reads the loose dates job pages publish (`2026-5-15`, `2026-05-15T00:00`, with or without a zone,
 * `15 May 2026`, epoch numbers). A date without a zone is taken as UTC. Unreadable → `undefined`.
 */
export function parseLooseDate(value: unknown): Date | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{10,13}$/.test(text)) return fromEpoch(Number(text));
  return fromIso(text) ?? fromWords(text);
}

function fromEpoch(n: number): Date | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return checked(new Date(n < 1e11 ? n * 1000 : n));
}

function fromIso(text: string): Date | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  if (!validDay(+y, +mo, +d) || +h > 23 || +mi > 59 || +s > 59) return undefined;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  return checked(new Date(utc - zoneOffsetMs(zone)));
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return (digits[0] === '-' ? -1 : 1) * minutes * 60_000;
}

function fromWords(text: string): Date | undefined {
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return utcDate(+dmy[3], monthOf(dmy[2]), +dmy[1]);
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) return utcDate(+mdy[3], monthOf(mdy[1]), +mdy[2]);
  return undefined;
}

function monthOf(name: string): number | undefined {
  const lower = name.toLowerCase();
  // French "juin" and "juillet" share their first three letters.
  if (lower.startsWith('juil')) return 7;
  return MONTHS[lower.slice(0, 3)];
}

function utcDate(year: number, month: number | undefined, day: number): Date | undefined {
  if (month === undefined || !validDay(year, month, day)) return undefined;
  return new Date(Date.UTC(year, month - 1, day));
}

function validDay(year: number, month: number, day: number): boolean {
  if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checked(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}
