import type { Remote, Salary } from '../postings/posting';
import type { JobView } from './trackingService';

/** Working time per unit, to state every pay as a yearly figure (40-hour weeks, 52 weeks, 260 working days). */
const PER_YEAR: Record<NonNullable<Salary['unit']>, number> = { hour: 2080, day: 260, week: 52, month: 12, year: 1 };

/** A pay range stated per year. */
export interface YearlySalary {
  min?: number;
  max?: number;
  currency?: string;
}

/** The pay as a yearly range; undefined when the posting gives no figure. A pay with no unit is taken as yearly. */
export function yearlySalary(salary: Salary | undefined): YearlySalary | undefined {
  if (!salary || (salary.min === undefined && salary.max === undefined)) return undefined;
  const factor = PER_YEAR[salary.unit ?? 'year'];
  const scale = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * factor));
  return { min: scale(salary.min), max: scale(salary.max), currency: salary.currency };
}

const REMOTE_RANK: Record<Remote, number> = { remote: 3, hybrid: 2, onsite: 1, unknown: 0 };

/** Which of the compared jobs has the best value of each comparable row (indexes into the input). */
export interface BestValues {
  salary: number[];
  remote: number[];
  expires: number[];
  posted: number[];
  match: number[];
}

/** Picks the best job per row: highest pay (only when all share one currency), most remote, latest expiry, newest posting, best match. */
export function bestValues(views: readonly JobView[], matchScores: ReadonlyArray<number | undefined> = []): BestValues {
  const salaries = views.map((v) => yearlySalary(v.posting.salary));
  const currencies = new Set(salaries.filter(Boolean).map((s) => s!.currency));
  const comparablePay = currencies.size === 1;
  return {
    salary: comparablePay ? argmax(salaries.map((s) => s?.max ?? s?.min)) : [],
    remote: argmax(views.map((v) => REMOTE_RANK[v.posting.remote] || undefined)),
    expires: argmax(views.map((v) => v.posting.validThrough?.getTime())),
    posted: argmax(views.map((v) => v.posting.datePosted?.getTime())),
    match: argmax([...matchScores]),
  };
}

/** Whether the pays are in more than one currency (and so are not compared). */
export function mixedCurrencies(views: readonly JobView[]): boolean {
  return new Set(views.map((v) => yearlySalary(v.posting.salary)?.currency).filter(Boolean)).size > 1;
}

/** Indexes of the highest defined value; none when fewer than two values are known (nothing to compare). */
function argmax(values: ReadonlyArray<number | undefined>): number[] {
  const known = values.filter((v): v is number => v !== undefined);
  if (known.length < 2) return [];
  const best = Math.max(...known);
  if (known.every((v) => v === best)) return [];
  return values.flatMap((v, i) => (v === best ? [i] : []));
}
