import type { Salary, SalaryUnit } from '../posting';
import { num } from './json';

/** A pay interval as the ATS spells it ("per-year-salary", "1 YEAR", "year", "HOUR", "hourly") as a unit; undefined when it is not one of ours. */
export function unitFrom(interval: unknown): SalaryUnit | undefined {
  if (typeof interval !== 'string') return undefined;
  const w = interval.toLowerCase().trim();
  // Lever's "semi-month", "bi-week" and Ashby's "6 MONTH" are periods we cannot express: no unit rather than a wrong one.
  if (/semi|bi-|^(?!1 )\d+ /.test(w)) return undefined;
  if (/year|annual|annum/.test(w)) return 'year';
  if (/month/.test(w)) return 'month';
  if (/week/.test(w)) return 'week';
  if (/\bday|daily/.test(w)) return 'day';
  if (/hour/.test(w)) return 'hour';
  return undefined;
}

/** A salary from explicit figures; undefined when the source states no amount (a currency alone is no salary). */
export function salaryFrom(fields: { min?: unknown; max?: unknown; currency?: unknown; unit?: SalaryUnit }): Salary | undefined {
  const min = amount(fields.min);
  const max = amount(fields.max);
  if (min === undefined && max === undefined) return undefined;
  const currency = typeof fields.currency === 'string' ? fields.currency.trim().toUpperCase() : undefined;
  return {
    ...(min !== undefined && { min }),
    ...(max !== undefined && { max }),
    ...(currency && /^[A-Z]{3}$/.test(currency) && { currency }),
    ...(fields.unit && { unit: fields.unit }),
  };
}

function amount(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && n >= 0 ? n : undefined;
}
