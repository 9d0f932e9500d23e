import type { Location, Remote, Salary } from '../posting';
import { finish } from './draft';
import { idOf, record, records, text } from './json';
import { joinPlaces, locationFrom } from './place';
import { plainText, textFromHtml } from './prose';
import { pick, segments, SLUG, type AtsReader, type JobLocation, type Wanted } from './reader';
import { salaryFrom, unitFrom } from './salary';
import { dateFrom, employmentLabel, remoteFromWord } from './values';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ashby's posting API: one board's jobs (`api.ashbyhq.com/posting-api/job-board/{board}`), the job picked by id. */
export const ashby: AtsReader = {
  ats: 'ashby',
  locate,
  recognises(doc) {
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
  return 'jobUrl' in job && 'title' in job && ('descriptionHtml' in job || 'isListed' in job);
}

/** `jobs.ashbyhq.com/{board}/{id}`, also with `/application` after it. The API lists the whole board. */
function locate(url: URL): JobLocation | undefined {
  if (url.hostname !== 'jobs.ashbyhq.com') return undefined;
  const [board, id, ...rest] = segments(url);
  if (!board || !SLUG.test(board) || !id || !UUID.test(id)) return undefined;
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'application')) return undefined;
  return { apiUrl: `https://api.ashbyhq.com/posting-api/job-board/${board}?includeCompensation=true`, jobId: id };
}

function toPosting(job: Record<string, unknown>, wanted: Wanted) {
  return finish({
    source: 'ashby',
    url: text(job.jobUrl) ?? wanted.pageUrl ?? '',
    title: text(job.title),
    location: location(job),
    remote: remote(job),
    employmentType: employmentLabel(job.employmentType),
    salary: salary(record(job.compensation)),
    datePosted: dateFrom(job.publishedAt),
    description: textFromHtml(job.descriptionHtml) ?? plainText(job.descriptionPlain),
  });
}

/** The primary and secondary locations as one text; the address parts only when there is one location. */
function location(job: Record<string, unknown>): Location | undefined {
  const places = [text(job.location), ...records(job.secondaryLocations).map((l) => text(l.location))];
  const single = places.filter((place) => place !== undefined).length === 1;
  const address = single ? record(record(job.address)?.postalAddress) : undefined;
  return locationFrom({
    text: joinPlaces(places),
    city: address?.addressLocality,
    region: address?.addressRegion,
    country: address?.addressCountry,
  });
}

/** `workplaceType` (OnSite / Hybrid / Remote) says it; `isRemote` only when that is missing. */
function remote(job: Record<string, unknown>): Remote | undefined {
  return remoteFromWord(text(job.workplaceType)) ?? (job.isRemote === true ? 'remote' : undefined);
}

/** The salary component of the summary (equity and bonus components carry no salary), else of the first tier. */
function salary(compensation: Record<string, unknown> | undefined): Salary | undefined {
  const tiers = records(compensation?.compensationTiers).flatMap((tier) => records(tier.components));
  const component = [...records(compensation?.summaryComponents), ...tiers].find(
    (c) => text(c.compensationType) === 'Salary' && (c.minValue != null || c.maxValue != null),
  );
  if (!component) return undefined;
  return salaryFrom({ min: component.minValue, max: component.maxValue, currency: component.currencyCode, unit: unitFrom(component.interval) });
}
