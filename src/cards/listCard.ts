import template from '../../cards/jobList.json';
import type { JobPage } from '../tracking/trackingService';
import { statuses, statusLabels } from '../tracking/trackedJob';
import { formatRemote } from './format';
import { renderCard, type AdaptiveCardJson } from './render';
import { truncate } from './text';

/** What `cards/jobList.json` shows. */
export interface JobListCardData {
  heading: string;
  summary: string;
  statusFilter: string;
  textFilter: string;
  statusChoices: Array<{ title: string; value: string }>;
  emptyText: string;
  rows: Array<{ number: number; postingId: string; jobId: string; pickId: string; title: string; subtitle: string; statusLabel: string }>;
  hasPrevious: boolean;
  hasNext: boolean;
  previousPage: number;
  nextPage: number;
}

/** The status filter's "no filter" choice (an empty value makes the choice set invalid). */
export const ANY_STATUS = 'any';

/** The id prefix of the compare toggles; the bot reads the chosen jobs from inputs named like this. */
export const PICK_INPUT_PREFIX = 'pick';

/** The data of a page of the collection. */
export function jobListCardData(page: JobPage): JobListCardData {
  const first = page.page * page.pageSize;
  const filtered = Boolean(page.query.status || page.query.text);
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  return {
    heading: filtered ? `My jobs: ${page.total} matching` : `My jobs (${page.total})`,
    summary: page.total === 0 ? '' : `Page ${page.page + 1} of ${pages} · newest first · the numbers work in commands ("status 2 applied")`,
    statusFilter: page.query.status ?? ANY_STATUS,
    textFilter: page.query.text ?? '',
    statusChoices: [{ title: 'Any status', value: ANY_STATUS }, ...statuses.map((s) => ({ title: statusLabels[s], value: s }))],
    emptyText: filtered ? 'No job matches these filters.' : 'Your collection is empty. Paste a job link to save your first job.',
    rows: page.items.map((job, index) => ({
      number: index + 1, // the numbers text commands use ("status 2 applied") name rows of the page last shown
      postingId: job.postingId,
      jobId: job.id,
      pickId: `${PICK_INPUT_PREFIX}${index}`,
      title: truncate(job.title || 'Untitled job', 120),
      subtitle: truncate([job.company, job.locationText, formatRemote(job.remote)].filter(Boolean).join(' · '), 160),
      statusLabel: statusLabels[job.status],
    })),
    hasPrevious: page.page > 0,
    hasNext: first + page.items.length < page.total,
    previousPage: Math.max(0, page.page - 1),
    nextPage: page.page + 1,
  };
}

/** The collection card. */
export function jobListCard(page: JobPage): AdaptiveCardJson {
  return renderCard(template, jobListCardData(page));
}
