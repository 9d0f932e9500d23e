import { decodeEntities } from '../extract/text';
import type { Location, Remote, Salary, SalaryUnit } from '../posting';
import { finish } from './draft';
import { idOf, record, records, text } from './json';
import { locationFrom } from './place';
import { textFromHtml } from './prose';
import { pick, segments, SLUG, type AtsReader, type JobLocation, type Wanted } from './reader';
import { salaryFrom, unitFrom } from './salary';
import { dateFrom, remoteFromWord } from './values';

/** Job-board hosts → the boards-api host of the same region. */
const API_HOSTS: Record<string, string> = {
  'boards.greenhouse.io': 'boards-api.greenhouse.io',
  'job-boards.greenhouse.io': 'boards-api.greenhouse.io',
  'boards.eu.greenhouse.io': 'boards-api.eu.greenhouse.io',
  'job-boards.eu.greenhouse.io': 'boards-api.eu.greenhouse.io',
};

/** Greenhouse's Job Board API (`boards-api.greenhouse.io/v1/boards/{board}/jobs/{id}`), one job or a board list. */
export const greenhouse: AtsReader = {
  ats: 'greenhouse',
  locate,
  recognises: (doc) => {
    const board = record(doc);
    return !!board && (records(board.jobs).some(isJob) || isJob(board));
  },
  read(doc, wanted) {
    const board = record(doc);
    const job = board && Array.isArray(board.jobs) ? pick(records(board.jobs), wanted.jobId, (j) => j.id) : board;
    if (!job || !isJob(job) || (wanted.jobId !== undefined && idOf(job.id) !== wanted.jobId.toLowerCase())) return undefined;
    return toPosting(job, wanted);
  },
};

function isJob(job: Record<string, unknown>): boolean {
  return 'absolute_url' in job && 'id' in job && 'title' in job;
}

/** A job URL on a Greenhouse board host, with the board and job id it names. */
function locate(url: URL): JobLocation | undefined {
  const apiHost = API_HOSTS[url.hostname];
  const named = apiHost ? boardAndJob(url) : undefined;
  if (!named || named.board === 'embed' || !SLUG.test(named.board) || !/^\d+$/.test(named.id)) return undefined;
  // pay_transparency adds pay_input_ranges, the structured pay range, when the employer publishes one.
  return { apiUrl: `https://${apiHost}/v1/boards/${named.board}/jobs/${named.id}?pay_transparency=true`, jobId: named.id };
}

/** `{board}/jobs/{id}`, `{board}?gh_jid={id}` and `embed/job_app?for={board}&token={id}`. */
function boardAndJob(url: URL): { board: string; id: string } | undefined {
  const [first, second, third, ...rest] = segments(url);
  const query = url.searchParams;
  const named = (board: string | null | undefined, id: string | null | undefined) => (board && id ? { board, id } : undefined);
  if (first === 'embed' && second === 'job_app' && third === undefined) return named(query.get('for'), query.get('token'));
  if (second === 'jobs' && rest.length === 0) return named(first, third);
  return second === undefined ? named(first, query.get('gh_jid')) : undefined;
}

function toPosting(job: Record<string, unknown>, wanted: Wanted) {
  return finish({
    source: 'greenhouse',
    url: text(job.absolute_url) ?? wanted.pageUrl ?? '',
    title: text(job.title),
    company: text(job.company_name),
    location: location(job),
    remote: remote(job),
    salary: salary(job.pay_input_ranges),
    datePosted: dateFrom(job.first_published) ?? dateFrom(job.updated_at),
    validThrough: dateFrom(job.application_deadline),
    description: description(job.content),
  });
}

/** `location.name`, with the parts of the one office when there is exactly one ("Sydney, New South Wales, Australia"). */
function location(job: Record<string, unknown>): Location | undefined {
  const name = text(record(job.location)?.name);
  const offices = records(job.offices);
  const parts = offices.length === 1 ? text(offices[0].location)?.split(',').map((part) => part.trim()) : undefined;
  if (parts?.length === 3) return locationFrom({ text: name, city: parts[0], region: parts[1], country: parts[2] });
  return locationFrom({ text: name });
}

/** An employer's "Location Type"/"Workplace" custom field, else a location that starts with "Remote". */
function remote(job: Record<string, unknown>): Remote | undefined {
  const field = records(job.metadata).find((m) => /location type|workplace|remote|work (type|arrangement|model)/i.test(text(m.name) ?? ''));
  const fromField = remoteFromWord(text(field?.value));
  if (fromField) return fromField;
  return /^remote\b/i.test(text(record(job.location)?.name) ?? '') ? 'remote' : undefined;
}

/** Pay ranges in cents; several zones in one currency become one range from the lowest to the highest. */
function salary(ranges: unknown): Salary | undefined {
  const all = records(ranges);
  const currency = text(all[0]?.currency_type);
  const same = all.filter((range) => text(range.currency_type) === currency);
  const cents = (key: string) => same.map((range) => range[key]).filter((v): v is number => typeof v === 'number' && v >= 0);
  const mins = cents('min_cents');
  const maxes = cents('max_cents');
  if (mins.length === 0 && maxes.length === 0) return undefined;
  return salaryFrom({
    min: mins.length > 0 ? Math.min(...mins) / 100 : undefined,
    max: maxes.length > 0 ? Math.max(...maxes) / 100 : undefined,
    currency,
    unit: sharedUnit(same.map((range) => unitFrom(text(range.title)))),
  });
}

/** The unit every range's title names ("Hourly Pay Range"), or none when they differ or say nothing. */
function sharedUnit(units: (SalaryUnit | undefined)[]): SalaryUnit | undefined {
  return units.every((unit) => unit === units[0]) ? units[0] : undefined;
}

/** The API sends `content` HTML-escaped (`&lt;p&gt;`): decode it first, unless it already is markup. */
function description(content: unknown): string | undefined {
  if (typeof content !== 'string') return undefined;
  return textFromHtml(content.includes('<') ? content : decodeEntities(content));
}
