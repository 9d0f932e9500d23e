import template from '../../cards/job.json';
import type { JobView } from '../tracking/trackingService';
import { statusLabels } from '../tracking/trackedJob';
import { formatDate, formatRemote, formatSalary } from './format';
import { renderCard, type AdaptiveCardJson } from './render';
import { escapeMarkdown, truncate } from './text';

/** One labelled fact on a card. Values are already escaped. */
export interface Fact {
  label: string;
  value: string;
}

/** What `cards/job.json` shows. */
export interface JobCardData {
  jobId: string;
  notice: string;
  title: string;
  company: string;
  facts: Fact[];
  status: string;
  statusLabel: string;
  url: string;
}

/** The data of a job's card, in the viewer's time zone. */
export function jobCardData(view: JobView, options: { timeZone?: string } = {}): JobCardData {
  const { job, posting } = view;
  const tz = options.timeZone;
  const facts: Array<[string, string | undefined]> = [
    ['Location', posting.location?.text],
    ['Remote', formatRemote(posting.remote)],
    ['Salary', formatSalary(posting.salary)],
    ['Type', posting.employmentType],
    ['Posted', formatDate(posting.datePosted, tz)],
    ['Expires', formatDate(posting.validThrough, tz)],
  ];
  return {
    jobId: job.id,
    notice: view.created ? '' : 'Already in your collection',
    title: truncate(posting.title ?? 'Untitled job', 200),
    company: truncate(posting.company ?? '', 120),
    facts: facts.filter((f): f is [string, string] => Boolean(f[1])).map(([label, value]) => ({ label, value: escapeMarkdown(truncate(value, 200)) })),
    status: job.status,
    statusLabel: statusLabels[job.status],
    url: posting.url.startsWith('http') ? posting.url : '',
  };
}

/** The job's card. */
export function jobCard(view: JobView, options: { timeZone?: string } = {}): AdaptiveCardJson {
  return renderCard(template, jobCardData(view, options));
}
