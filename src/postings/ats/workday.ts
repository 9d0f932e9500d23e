import type { Location } from '../posting';
import { finish } from './draft';
import { list, record, text } from './json';
import { joinPlaces, locationFrom } from './place';
import { textFromHtml } from './prose';
import { segments, SLUG, type AtsReader, type JobLocation, type Wanted } from './reader';
import { dateFrom, remoteFromWord } from './values';

/** A locale segment Workday puts before the site name (`en-US`, `fr-FR`, `de`). */
const LOCALE = /^[a-z]{2}(-[A-Za-z]{2})?$/;

/** Segments that start an application flow after the job's own path. */
const APPLY_STEPS = new Set(['apply', 'applyManually', 'autofillWithResume', 'useMyLastApplication']);

/** Workday's career-site API (`{tenant}.wd{N}.myworkdayjobs.com/wday/cxs/{tenant}/{site}/job/...`): `jobPostingInfo` for one job. */
export const workday: AtsReader = {
  ats: 'workday',
  locate,
  // A search answer (`jobPostings[]`) is Workday's too: recognised, so that it is read as no single job.
  recognises(doc) {
    const one = record(doc);
    return !!one && (!!record(one.jobPostingInfo) || Array.isArray(one.jobPostings));
  },
  read(doc, wanted) {
    const one = record(doc);
    const info = record(one?.jobPostingInfo);
    if (!one || !info || !text(info.title)) return undefined;
    return toPosting(info, record(one.hiringOrganization), wanted);
  },
};

/** `{tenant}.wdN.myworkdayjobs.com/[locale/]{site}/job/...` and `wdN.myworkdaysite.com/[locale/]recruiting/{tenant}/{site}/job/...`. */
function locate(url: URL): JobLocation | undefined {
  const onJobs = /^([a-z0-9-]+)\.wd\d+\.myworkdayjobs\.com$/.exec(url.hostname);
  const onSite = /^wd\d+\.myworkdaysite\.com$/.test(url.hostname);
  let parts = segments(url);
  if (parts.length > 0 && LOCALE.test(parts[0]) && parts.indexOf('job') > 1) parts = parts.slice(1);
  let tenant = onJobs?.[1];
  if (onSite && parts[0] === 'recruiting') [tenant, parts] = [parts[1], parts.slice(2)];
  const [site, marker, ...rest] = parts;
  const applyAt = rest.findIndex((part) => APPLY_STEPS.has(part));
  const jobPath = applyAt > 0 ? rest.slice(0, applyAt) : rest;
  if (!tenant || !SLUG.test(tenant) || !site || !SLUG.test(site) || marker !== 'job' || jobPath.length === 0 || applyAt === 0) return undefined;
  return { apiUrl: `https://${url.hostname}/wday/cxs/${tenant}/${site}/job/${jobPath.join('/')}`, jobId: jobPath[jobPath.length - 1] };
}

function toPosting(info: Record<string, unknown>, organization: Record<string, unknown> | undefined, wanted: Wanted) {
  return finish({
    source: 'workday',
    url: text(info.externalUrl) ?? wanted.pageUrl ?? '',
    title: text(info.title),
    company: text(organization?.name),
    location: location(info),
    remote: remoteFromWord(text(info.remoteType)),
    employmentType: text(info.timeType),
    // `postedOn` is relative ("Posted 8 Days Ago"); `startDate` is the posting's start as a date.
    datePosted: dateFrom(info.startDate),
    description: textFromHtml(info.jobDescription),
  });
}

/** The location and additional locations as one text; the country only when there is one location. */
function location(info: Record<string, unknown>): Location | undefined {
  const places = [text(info.location), ...list(info.additionalLocations).map(text)].filter((place) => place !== undefined);
  const country = record(record(info.jobRequisitionLocation)?.country);
  const countryName = text(country?.alpha2Code) ?? text(record(info.country)?.descriptor);
  return locationFrom({ text: joinPlaces(places), country: places.length === 1 ? countryName : undefined });
}
