import type { Posting } from '../postings/posting';
import type { PostingRepository } from '../postings/postingRepository';
import type { EventRepository, JourneyEvent } from './events';
import { isStatus, statusLabels, type Status, type TrackedJob, type TrackedJobRepository } from './trackedJob';

/**
 * The user's whole collection as CSV: reading it page by page (every call scoped to the user), and
 * turning it into RFC 4180 text that spreadsheets open safely.
 */

/** What reading a collection needs: the user's jobs, their postings and their journeys. */
export interface CollectionSource {
  jobs: Pick<TrackedJobRepository, 'list'>;
  postings: Pick<PostingRepository, 'findMany'>;
  events: Pick<EventRepository, 'listForJob'>;
}

/** One job of the collection with what its journey tells. */
export interface CollectedJob {
  job: TrackedJob;
  posting: Posting;
  /** Events of its journey (saved, status changes, notes, reminders, notices). */
  eventCount: number;
  /** The newest event, or the job's own update time when it has none. */
  lastChangeAt: Date;
  /** Every status the job was moved to or from, oldest first (its current status included). */
  statusHistory: Status[];
}

/** Jobs read per page of the collection. */
export const COLLECTION_PAGE_SIZE = 100;
/** A collection is read up to this many jobs; the rest is reported as cut. */
export const MAX_COLLECTION_JOBS = 5000;
/** Journeys read at once. */
const EVENT_READS_AT_ONCE = 8;

/**
 * Reads the user's whole collection, newest first, page by page. This reads the repositories rather than
 * `TrackingService.list`, which remembers each page as the user's "last list" (the numbers "status 2 applied"
 * refers to): exporting must not renumber what the user just saw in chat.
 */
export async function readCollection(source: CollectionSource, userKey: string, options: { maxJobs?: number; pageSize?: number } = {}): Promise<{ jobs: CollectedJob[]; total: number; truncated: boolean }> {
  const maxJobs = options.maxJobs ?? MAX_COLLECTION_JOBS;
  const pageSize = options.pageSize ?? COLLECTION_PAGE_SIZE;
  const jobs = new Map<string, TrackedJob>();
  let total = 0;
  for (let skip = 0; skip < maxJobs; skip += pageSize) {
    const page = await source.jobs.list(userKey, { skip, limit: Math.min(pageSize, maxJobs - skip) });
    total = page.total;
    // A job saved while we page shifts the rest by one: the map keeps each job once.
    for (const job of page.jobs) if (job.userKey === userKey) jobs.set(job.id, job);
    if (page.jobs.length < pageSize || skip + pageSize >= total) break;
  }
  const list = [...jobs.values()];
  const postings = new Map((await source.postings.findMany([...new Set(list.map((j) => j.postingId))])).map((p) => [p.id, p]));
  const collected: CollectedJob[] = [];
  for (let i = 0; i < list.length; i += EVENT_READS_AT_ONCE) {
    const batch = list.slice(i, i + EVENT_READS_AT_ONCE);
    const journeys = await Promise.all(batch.map((job) => source.events.listForJob(userKey, job.id)));
    batch.forEach((job, j) => {
      const posting = postings.get(job.postingId);
      // Like the bot's list, a job whose posting is gone is not shown.
      if (posting) collected.push(collect(job, posting, journeys[j]));
    });
  }
  return { jobs: collected, total, truncated: total > list.length };
}

function collect(job: TrackedJob, posting: Posting, events: readonly JourneyEvent[]): CollectedJob {
  const lastChangeAt = events.reduce((latest, e) => (e.at > latest ? e.at : latest), events.length > 0 ? events[0].at : job.updatedAt);
  const statusHistory: Status[] = [];
  for (const event of events) {
    if (event.type !== 'status') continue;
    for (const value of [event.data.from, event.data.to]) if (isStatus(value) && statusHistory.at(-1) !== value) statusHistory.push(value);
  }
  if (statusHistory.at(-1) !== job.status) statusHistory.push(job.status);
  return { job, posting, eventCount: events.length, lastChangeAt, statusHistory };
}

/** The export's columns, in order. */
export const EXPORT_COLUMNS = [
  'Title', 'Company', 'Location', 'Remote', 'Employment type',
  'Salary min', 'Salary max', 'Salary currency', 'Salary unit',
  'Posted', 'Expires', 'Status', 'URL', 'Created', 'Status changed', 'Events', 'Last change',
] as const;

/** One job as the export's cells, lined up with EXPORT_COLUMNS. */
export function exportRow({ job, posting, eventCount, lastChangeAt }: CollectedJob): string[] {
  const salary = posting.salary;
  return [
    posting.title ?? job.title,
    posting.company ?? job.company,
    posting.location?.text ?? '',
    posting.remote === 'unknown' ? '' : posting.remote,
    posting.employmentType ?? '',
    salary?.min === undefined ? '' : String(salary.min),
    salary?.max === undefined ? '' : String(salary.max),
    salary?.currency ?? '',
    salary?.unit ?? '',
    isoDate(posting.datePosted),
    isoDate(posting.validThrough),
    statusLabels[job.status],
    posting.url,
    isoDateTime(job.createdAt),
    isoDateTime(job.statusChangedAt),
    String(eventCount),
    isoDateTime(lastChangeAt),
  ];
}

/** The whole export: a header row and a row per job. */
export function buildExportCsv(jobs: readonly CollectedJob[]): string {
  return toCsv([[...EXPORT_COLUMNS], ...jobs.map(exportRow)]);
}

/** RFC 4180 text: every cell made safe, rows ended by CRLF. */
export function toCsv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Characters a spreadsheet reads as the start of a formula (or that hide one behind them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a formula-looking text gets a leading `'`, and a cell with a comma, quote or line break is quoted. */
export function csvCell(value: string): string {
  // Text from postings and notes is data: a cell like `=HYPERLINK(...)` must not run when the file is opened.
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A calendar date as YYYY-MM-DD when it has no time of day (as postings give them), else the full UTC time. */
function isoDate(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : isoDateTime(date);
}

function isoDateTime(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 19)}Z`;
}
