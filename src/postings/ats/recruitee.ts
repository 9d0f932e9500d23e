import type { Remote } from '../posting';
import { finish } from './draft';
import { idOf, record, records, text } from './json';
import { locationFrom } from './place';
import { addSection, linesFromHtml, textFromParts, type Sections } from './prose';
import { segments, SLUG, type AtsReader, type JobLocation, type Wanted } from './reader';
import { salaryFrom, unitFrom } from './salary';
import { dateFrom, employmentLabels } from './values';

/** Subdomains of recruitee.com that are Recruitee's own, not a company. */
const NOT_COMPANIES = new Set(['www', 'app', 'api', 'careers', 'jobs']);

/** Recruitee's careers API: `{company}.recruitee.com/api/offers/{slug}` (`{offer}`) or the `offers[]` list. */
export const recruitee: AtsReader = {
  ats: 'recruitee',
  locate,
  recognises(doc) {
    const one = record(doc);
    return !!one && (records(one.offers).some(isOffer) || isOffer(record(one.offer) ?? {}));
  },
  read(doc, wanted) {
    const one = record(doc);
    const offer = one && Array.isArray(one.offers) ? pickOffer(records(one.offers), wanted.jobId) : record(one?.offer);
    if (!offer || !isOffer(offer) || (text(offer.status) ?? 'published') !== 'published') return undefined;
    if (wanted.jobId !== undefined && !matches(offer, wanted.jobId)) return undefined;
    return toPosting(offer, wanted);
  },
};

function isOffer(offer: Record<string, unknown>): boolean {
  return 'slug' in offer && 'title' in offer && ('careers_url' in offer || 'employment_type_code' in offer);
}

/** An offer is named by its number or by its slug (the page URL carries the slug). */
function matches(offer: Record<string, unknown>, jobId: string): boolean {
  return [idOf(offer.id), idOf(offer.slug)].includes(jobId.toLowerCase());
}

function pickOffer(offers: Record<string, unknown>[], jobId: string | undefined): Record<string, unknown> | undefined {
  if (jobId === undefined) return offers.length === 1 ? offers[0] : undefined;
  return offers.find((offer) => matches(offer, jobId));
}

/** `{company}.recruitee.com/o/{slug}`, also with `/c/new` (the application form) after it. */
function locate(url: URL): JobLocation | undefined {
  const company = /^([a-z0-9-]+)\.recruitee\.com$/.exec(url.hostname)?.[1];
  const [marker, slug, ...rest] = segments(url);
  if (!company || NOT_COMPANIES.has(company) || marker !== 'o' || !slug || !SLUG.test(slug)) return undefined;
  if (rest.length > 0 && rest.join('/') !== 'c/new') return undefined;
  return { apiUrl: `https://${url.hostname}/api/offers/${slug}`, jobId: slug };
}

function toPosting(offer: Record<string, unknown>, wanted: Wanted) {
  const pay = record(offer.salary);
  return finish({
    source: 'recruitee',
    url: text(offer.careers_url) ?? wanted.pageUrl ?? '',
    title: text(offer.title),
    company: text(offer.company_name),
    location: locationFrom({ text: offer.location, city: offer.city, region: offer.state_name, country: offer.country }),
    remote: remote(offer),
    // "fulltime_permanent", "parttime_fixed_term": the schedule, then the contract.
    employmentType: employmentLabels((text(offer.employment_type_code) ?? '').replace('fixed_term', 'fixedterm').split('_')),
    salary: pay && salaryFrom({ min: pay.min, max: pay.max, currency: pay.currency, unit: unitFrom(pay.period) }),
    datePosted: dateFrom(offer.published_at) ?? dateFrom(offer.created_at),
    validThrough: dateFrom(offer.close_at),
    description: textFromParts([{ html: offer.description }, { html: offer.requirements }]),
    sections: sections(offer),
  });
}

/** The `remote`, `hybrid` and `on_site` flags. */
function remote(offer: Record<string, unknown>): Remote | undefined {
  if (offer.remote === true) return 'remote';
  if (offer.hybrid === true) return 'hybrid';
  return offer.on_site === true ? 'onsite' : undefined;
}

function sections(offer: Record<string, unknown>): Sections {
  const found: Sections = {};
  addSection(found, 'description', linesFromHtml(offer.description));
  addSection(found, 'qualifications', linesFromHtml(offer.requirements));
  return found;
}
