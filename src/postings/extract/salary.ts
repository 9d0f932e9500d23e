import type { Salary, SalaryUnit } from '../posting';

/** Currency codes recognised in free text; a bare `$` or `¥` is left undefined rather than guessed. */
const KNOWN_CODES = new Set([
  'USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'INR', 'JPY', 'CNY', 'SGD', 'HKD', 'SEK', 'NOK', 'DKK', 'PLN',
  'CZK', 'HUF', 'ZAR', 'BRL', 'MXN', 'AED', 'ILS', 'KRW', 'TWD', 'PHP', 'MYR', 'IDR', 'THB', 'RON', 'TRY',
]);

const SYMBOLS: [RegExp, string][] = [
  [/US\$/, 'USD'], [/(?:CA|C)\$/, 'CAD'], [/(?:AU|A)\$/, 'AUD'], [/NZ\$/, 'NZD'], [/HK\$/, 'HKD'], [/S\$/, 'SGD'],
  [/€/, 'EUR'], [/£/, 'GBP'], [/₹/, 'INR'], [/₩/, 'KRW'], [/₱/, 'PHP'], [/zł/, 'PLN'],
];

const UNITS: [RegExp, SalaryUnit][] = [
  [/\b(?:hour|hourly|hr|hrs|h|stunde|heure|horaire)\b/i, 'hour'],
  [/\b(?:day|daily|tag|jour|journalier)\b/i, 'day'],
  [/\b(?:week|weekly|wk|woche|semaine)\b/i, 'week'],
  [/\b(?:month|monthly|mo|mth|monat|monatlich|mois|mensuel)\b/i, 'month'],
  [/\b(?:year|yearly|yr|annum|annual|annually|jahr|jährlich|an|annuel|p\.?a)\b/i, 'year'],
];

const NUMBER = /(\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\s*([kKmM])?(?![\p{L}\d])/gu;

/** Reads a pay range written as text: "$120,000 - $150,000 a year", "€50k–60k per annum", "USD 40/hour". */
export function parseSalaryText(text: string, currency?: string): Salary | undefined {
  const amounts = amountsIn(text);
  if (amounts.length === 0) return undefined;
  return makeSalary(amounts[0], amounts[1] ?? amounts[0], currency ?? currencyIn(text), unitIn(text));
}

/** Builds a salary from two figures, dropping zero placeholders and swapping a reversed range. */
export function makeSalary(min: number | undefined, max: number | undefined, currency: string | undefined, unit: SalaryUnit | undefined): Salary | undefined {
  const low = positive(min);
  const high = positive(max) ?? low;
  const from = low ?? high;
  if (from === undefined || high === undefined) return undefined;
  return { min: Math.min(from, high), max: Math.max(from, high), currency: currencyCode(currency), unit };
}

/** ISO 8601 durations schema.org uses for a pay period ("P1M", "PT1H"). */
const DURATIONS: Record<string, SalaryUnit> = { PT1H: 'hour', P1D: 'day', P1W: 'week', P1M: 'month', P1Y: 'year' };

/** The pay period a text names ("per hour", "HOUR", "a year", "/yr", "P1M"), if any. */
export function unitIn(text: string): SalaryUnit | undefined {
  return DURATIONS[text.trim().toUpperCase()] ?? UNITS.find(([pattern]) => pattern.test(text))?.[1];
}

/** A number written as text or given as a number; `undefined` when it is not a finite figure. */
export function toAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  return amountsIn(value)[0];
}

/** An ISO 4217 code from a code or an unambiguous symbol ("usd", "€"); `undefined` otherwise. */
export function currencyCode(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^[A-Za-z]{3}$/.test(text)) return text.toUpperCase();
  return currencyIn(text);
}

function currencyIn(text: string): string | undefined {
  for (const code of text.match(/\b[A-Z]{3}\b/g) ?? []) if (KNOWN_CODES.has(code)) return code;
  return SYMBOLS.find(([pattern]) => pattern.test(text))?.[1];
}

function amountsIn(text: string): number[] {
  const found: { value: number; scale: number }[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const value = toNumber(match[1]);
    if (value !== undefined) found.push({ value, scale: scaleOf(match[2]) });
    if (found.length === 2) break;
  }
  // "120-150k": the suffix on the second figure applies to the first one too.
  if (found.length === 2 && found[0].scale === 1 && found[1].scale > 1 && found[0].value < 1000) found[0].scale = found[1].scale;
  return found.map((f) => f.value * f.scale);
}

function scaleOf(suffix: string | undefined): number {
  if (!suffix) return 1;
  return suffix.toLowerCase() === 'k' ? 1_000 : 1_000_000;
}

function toNumber(raw: string): number | undefined {
  let s = raw.replace(/[\u00a0\u202f' ]/g, '');
  if (/^\d{1,3}([.,])\d{3}(\1\d{3})*$/.test(s)) s = s.replace(/[.,]/g, '');
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(s)) s = s.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(',', '.');
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}
