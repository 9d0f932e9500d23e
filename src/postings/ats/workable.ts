import type { Location, Remote } from '../posting';
import { finish } from './draft';
import { findById, idOf, record, records, text } from './json';
import { joinPlaces, locationFrom, placeText } from './place';
import { addSection, linesFromHtml, textFromParts, type Sections } from './prose';
import { segments, SLUG, type AtsReader, type JobLocation, type Wanted } from './reader';
import { dateFrom, employmentLabel, remoteFromWord } from './values';

const SHORTCODE = /^[A-Z0-9]{6,12}$/i;

/** Subdomains of workable.com that are Workable's own, not an account. */
const NOT_ACCOUNTS = new Set(['apply', 'www', 'jobs', 'careers']);

/** HTML fields of a job, in page order, with our section key for each. */
const PARTS: [string, string, string][] = [
  ['description', 'Description', 'description'],
  ['requirements', 'Requirements', 'qualifications'],
  ['benefits', 'Benefits', 'benefits'],
];

/** Workable: one job from `apply.workable.com/api/v2/accounts/{account}/jobs/{shortcode}`, or an account's widget list. */
export const workable: AtsReader = {
  ats: 'workable',
  locate,
  recognises(doc) {
    const one = record(doc);
    return !!one && (records(one.jobs).some(isJob) || isJob(one));
  },
  read(doc, wanted) {
    const one = record(doc);
    if (!one) return undefined;
    return Array.isArray(one.jobs) ? readWidget(one, wanted) : readJob(one, wanted);
  },
};

function isJob(job: Record<string, unknown>): boolean {
  return 'shortcode' in job && 'title' in job;
}

/** `apply.workable.com/{account}/j/{shortcode}` and `{account}.workable.com/j/{shortcode}`, also with `/apply` after it. */
function locate(url: URL): JobLocation | undefined {
  const parts = segments(url);
  const subdomain = /^([a-z0-9-]+)\.workable\.com$/.exec(url.hostname)?.[1];
  if (!subdomain) return undefined;
  const [account, marker, shortcode, ...rest] = subdomain === 'apply' ? parts : [subdomain, ...parts];
  if (!account || NOT_ACCOUNTS.has(account) || !SLUG.test(account) || marker !== 'j') return undefined;
  if (!shortcode || !SHORTCODE.test(shortcode) || rest.length > 1 || (rest.length === 1 && rest[0] !== 'apply')) return undefined;
  return { apiUrl: `https://apply.workable.com/api/v2/accounts/${account}/jobs/${shortcode}`, jobId: shortcode };
}

/** The widget lists a job once per country: the entries of one shortcode are one job in several places. */
function readWidget(account: Record<string, unknown>, wanted: Wanted) {
  const jobs = records(account.jobs);
  const first = wanted.jobId !== undefined ? findById(jobs, wanted.jobId, (j) => j.shortcode) : jobs[0];
  const entries = jobs.filter((job) => idOf(job.shortcode) === idOf(first?.shortcode));
  if (!first || (wanted.jobId === undefined && entries.length !== jobs.length)) return undefined;
  return finish({
    source: 'workable',
    url: text(first.url) ?? text(first.shortlink) ?? wanted.pageUrl ?? '',
    title: text(first.title),
    company: text(account.name),
    location: location(entries.flatMap((entry) => (records(entry.locations).length > 0 ? records(entry.locations) : [entry]))),
    remote: first.telecommuting === true ? 'remote' : undefined,
    employmentType: employmentLabel(first.employment_type),
    datePosted: dateFrom(first.published_on) ?? dateFrom(first.created_at),
    description: description(first),
    sections: sections(first),
  });
}

/** One job from the v2 API; a job no longer `published` is not there. */
function readJob(job: Record<string, unknown>, wanted: Wanted) {
  if (!isJob(job) || (text(job.state) ?? 'published') !== 'published') return undefined;
  if (wanted.jobId !== undefined && idOf(job.shortcode) !== wanted.jobId.toLowerCase()) return undefined;
  const places = records(job.locations).length > 0 ? records(job.locations) : records([job.location]);
  return finish({
    source: 'workable',
    url: wanted.pageUrl ?? `https://apply.workable.com/j/${encodeURIComponent(text(job.shortcode) ?? '')}`,
    title: text(job.title),
    location: location(places),
    remote: remote(job),
    employmentType: employmentLabel(job.type),
    datePosted: dateFrom(job.published),
    description: description(job),
    sections: sections(job),
  });
}

/** `workplace` (on_site / hybrid / remote), else the `remote` flag. */
function remote(job: Record<string, unknown>): Remote | undefined {
  return remoteFromWord(text(job.workplace)) ?? (job.remote === true ? 'remote' : undefined);
}

/** Places as one text ("Spain; Portugal"); their parts only when there is one. */
function location(places: Record<string, unknown>[]): Location | undefined {
  const texts = places.map((p) => placeText([text(p.city), text(p.region) ?? text(p.state), text(p.country)]));
  const only = places.length === 1 ? places[0] : undefined;
  return locationFrom({ text: joinPlaces(texts), city: only?.city, region: only?.region ?? only?.state, country: only?.country });
}

function description(job: Record<string, unknown>): string | undefined {
  return textFromParts(PARTS.map(([field, title]) => ({ title: field === 'description' ? undefined : title, html: job[field] })));
}

function sections(job: Record<string, unknown>): Sections {
  const found: Sections = {};
  for (const [field, , key] of PARTS) addSection(found, key, linesFromHtml(job[field]));
  return found;
}
