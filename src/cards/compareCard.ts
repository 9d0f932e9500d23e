import template from '../../cards/compare.json';
import { bestValues, mixedCurrencies, yearlySalary } from '../tracking/compare';
import type { JobView } from '../tracking/trackingService';
import { statusLabels } from '../tracking/trackedJob';
import { formatDate, formatRemote, formatSalary } from './format';
import { renderCard, type AdaptiveCardJson } from './render';
import { truncate } from './text';

/** One cell of the comparison. */
export interface CompareCell {
  text: string;
  weight: 'default' | 'bolder';
  color: 'default' | 'good';
}

/** What `cards/compare.json` shows: a row per fact, a column per job. */
export interface CompareCardData {
  rows: Array<{ label: string; cells: CompareCell[] }>;
  note: string;
}

/** The data of a side-by-side comparison; `matchScores` line up with `views` (undefined where no summary exists). */
export function compareCardData(views: readonly JobView[], options: { timeZone?: string; matchScores?: ReadonlyArray<number | undefined> } = {}): CompareCardData {
  const tz = options.timeZone;
  const scores = options.matchScores ?? [];
  const best = bestValues(views, scores);
  const cell = (text: string | undefined, isBest = false): CompareCell => ({
    text: truncate(text ? `${isBest ? '★ ' : ''}${text}` : '—', 120),
    weight: isBest ? 'bolder' : 'default',
    color: isBest ? 'good' : 'default',
  });
  const row = (label: string, texts: Array<string | undefined>, bestIndexes: number[] = []) => ({
    label,
    cells: texts.map((text, i) => cell(text, bestIndexes.includes(i))),
  });
  const posting = views.map((v) => v.posting);
  return {
    rows: [
      row('Job', posting.map((p) => p.title ?? 'Untitled job')),
      row('Company', posting.map((p) => p.company)),
      row('Location', posting.map((p) => p.location?.text)),
      row('Remote', posting.map((p) => formatRemote(p.remote)), best.remote),
      row('Salary / year', posting.map((p) => formatSalary(yearly(p.salary))), best.salary),
      row('Type', posting.map((p) => p.employmentType)),
      row('Posted', posting.map((p) => formatDate(p.datePosted, tz)), best.posted),
      row('Expires', posting.map((p) => formatDate(p.validThrough, tz)), best.expires),
      row('Status', views.map((v) => statusLabels[v.job.status])),
      row('Match', views.map((_, i) => (scores[i] === undefined ? undefined : `${scores[i]}%`)), best.match),
    ],
    note: mixedCurrencies(views) ? 'Salaries are in different currencies, so they are not ranked; no exchange rate is assumed.' : '',
  };
}

/** The comparison card. */
export function compareCard(views: readonly JobView[], options: { timeZone?: string; matchScores?: ReadonlyArray<number | undefined> } = {}): AdaptiveCardJson {
  return renderCard(template, compareCardData(views, options));
}

function yearly(salary: JobView['posting']['salary']) {
  const perYear = yearlySalary(salary);
  return perYear && { ...perYear, unit: 'year' as const };
}
