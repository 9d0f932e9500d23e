import template from '../../cards/job.json';
import type { JobView } from '../tracking/trackingService';
import { nextStatuses, statusLabels } from '../tracking/trackedJob';
import { formatDate, formatDateTime, formatDuration, formatRemote, formatSalary } from './format';
import { renderCard, type AdaptiveCardJson } from './render';
import { escapeMarkdown, truncate } from './text';

/** One labelled fact on a card. Values are already escaped. */
export interface Fact {
  label: string;
  value: string;
}

/** What `cards/job.json` shows. */
export interface JobCardData {
  postingId: string;
  /** The Teams user id of the person the card is for (refresh goes to them). */
  viewerId: string;
  notice: string;
  noticeColor: 'accent' | 'warning' | 'attention' | 'good';
  title: string;
  company: string;
  facts: Fact[];
  /** False for someone looking at a job another person shared, which they have not saved. */
  tracked: boolean;
  statusLabel: string;
  /** How long the job has been in its status ("for 3 days"). */
  stageAge: string;
  /** The likeliest next moves are primary; the rest go to the overflow menu so labels are not cut. */
  statusButtons: Array<{ status: string; title: string; mode: 'primary' | 'secondary' }>;
  notes: Array<{ id: string; text: string; at: string }>;
  url: string;
  /** A pasted posting without a title or company: the card asks for them. */
  askDetails: boolean;
  /** Just moved to Applied: offer a follow-up reminder with one tap. */
  offerFollowUp: boolean;
  titleInput: string;
  companyInput: string;
}

/** What a job card is drawn from: the posting, and the viewer's tracking of it when they have one. */
export type JobCardInput = Pick<JobView, 'posting'> & Partial<Pick<JobView, 'job' | 'notes' | 'created'>>;

/** Options of a job card. */
export interface JobCardOptions {
  viewerId?: string;
  timeZone?: string;
  notice?: string;
  noticeColor?: JobCardData['noticeColor'];
  offerFollowUp?: boolean;
  now?: Date;
}

/** The data of a job's card, for one viewer, in their time zone. */
export function jobCardData(input: JobCardInput, options: JobCardOptions = {}): JobCardData {
  const { job, posting } = input;
  const tz = options.timeZone;
  const facts: Array<[string, string | undefined]> = [
    ['Location', posting.location?.text],
    ['Remote', formatRemote(posting.remote)],
    ['Salary', formatSalary(posting.salary)],
    ['Type', posting.employmentType],
    ['Posted', formatDate(posting.datePosted, tz)],
    ['Expires', formatDate(posting.validThrough, tz)],
    ['Posting', posting.open ? undefined : 'Closed: the site no longer lists it'],
  ];
  const notice = options.notice ?? (job && input.created === false ? 'Already in your collection' : '');
  return {
    postingId: posting.id,
    viewerId: options.viewerId ?? '',
    notice: escapeMarkdown(notice),
    noticeColor: options.noticeColor ?? 'accent',
    title: truncate(posting.title ?? 'Untitled job', 200),
    company: truncate(posting.company ?? '', 120),
    facts: facts.filter((f): f is [string, string] => Boolean(f[1])).map(([label, value]) => ({ label, value: escapeMarkdown(truncate(value, 200)) })),
    tracked: Boolean(job),
    statusLabel: job ? statusLabels[job.status] : '',
    stageAge: job ? formatDuration(job.statusChangedAt, options.now ?? new Date()) : '',
    statusButtons: job ? nextStatuses[job.status].map((status, i) => ({ status, title: statusLabels[status], mode: i < 3 ? 'primary' : 'secondary' })) : [],
    notes: (input.notes ?? []).map((note) => ({ id: note.id, text: truncate(note.text, 500), at: formatDateTime(note.at, tz) })),
    url: /^https?:\/\//.test(posting.url) ? posting.url : '',
    askDetails: Boolean(job) && posting.source === 'text' && (!posting.title || !posting.company),
    offerFollowUp: Boolean(options.offerFollowUp && job?.status === 'applied'),
    titleInput: posting.title ?? '',
    companyInput: posting.company ?? '',
  };
}

/** The job's card. */
export function jobCard(input: JobCardInput, options: JobCardOptions = {}): AdaptiveCardJson {
  return renderCard(template, jobCardData(input, options));
}
