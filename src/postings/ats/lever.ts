import type { Location } from '../posting';
import { finish } from './draft';
import { idOf, list, record, records, text } from './json';
import { joinPlaces, locationFrom } from './place';
import { addSection, linesFromHtml, plainText, sectionKey, textFromParts, type Sections } from './prose';
import { pick, segments, SLUG, type AtsReader, type JobLocation, type Wanted } from './reader';
import { salaryFrom, unitFrom } from './salary';
import { dateFrom, remoteFromWord } from './values';

/** Job-page hosts → the postings API host of the same region. */
const API_HOSTS: Record<string, string> = { 'jobs.lever.co': 'api.lever.co', 'jobs.eu.lever.co': 'api.eu.lever.co' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lever's postings API (`api.lever.co/v0/postings/{site}/{id}`), one posting or a site's array. */
export const lever: AtsReader = {
  ats: 'lever',
  locate,
  recognises(doc) {
    const one = record(doc);
    return Array.isArray(doc) ? records(doc).some(isPosting) : !!one && isPosting(one);
  },
  read(doc, wanted) {
    const posting = Array.isArray(doc) ? pick(records(doc), wanted.jobId, (p) => p.id) : record(doc);
    if (!posting || !isPosting(posting) || (wanted.jobId !== undefined && idOf(posting.id) !== wanted.jobId.toLowerCase())) return undefined;
    return toPosting(posting, wanted);
  },
};

function isPosting(posting: Record<string, unknown>): boolean {
  return 'text' in posting && 'categories' in posting && ('hostedUrl' in posting || 'lists' in posting);
}

/** `jobs.lever.co/{site}/{id}`, also with `/apply` after it. */
function locate(url: URL): JobLocation | undefined {
  const apiHost = API_HOSTS[url.hostname];
  const [site, id, ...rest] = segments(url);
  if (!apiHost || !site || !SLUG.test(site) || !id || !UUID.test(id)) return undefined;
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'apply')) return undefined;
  return { apiUrl: `https://${apiHost}/v0/postings/${site}/${id}`, jobId: id };
}

function toPosting(posting: Record<string, unknown>, wanted: Wanted) {
  const categories = record(posting.categories) ?? {};
  const range = record(posting.salaryRange);
  return finish({
    source: 'lever',
    url: text(posting.hostedUrl) ?? wanted.pageUrl ?? '',
    title: text(posting.text),
    location: location(posting, categories),
    remote: remoteFromWord(text(posting.workplaceType)),
    employmentType: text(categories.commitment),
    salary: range && salaryFrom({ min: range.min, max: range.max, currency: range.currency, unit: unitFrom(range.interval) }),
    datePosted: dateFrom(posting.createdAt),
    description: description(posting),
    sections: sections(posting),
  });
}

/** All locations as one text; the country code only when there is one location. */
function location(posting: Record<string, unknown>, categories: Record<string, unknown>): Location | undefined {
  const all = list(categories.allLocations).map(text);
  const places = all.length > 0 ? all : [text(categories.location)];
  return locationFrom({ text: joinPlaces(places), country: places.length === 1 ? posting.country : undefined });
}

/** Opening, body, the titled lists and the closing, in page order. */
function description(posting: Record<string, unknown>): string | undefined {
  const body = text(posting.description) ?? `${text(posting.opening) ?? ''}${text(posting.descriptionBody) ?? ''}`;
  const lists = records(posting.lists).map((l) => ({ title: text(l.text), html: `<ul>${l.content ?? ''}</ul>` }));
  return textFromParts([{ html: body }, ...lists, { html: posting.additional }]) ?? plainText(posting.descriptionPlain);
}

/** Each list ("Responsibilities", "What You'll Do"...) under its section key. */
function sections(posting: Record<string, unknown>): Sections {
  const found: Sections = {};
  for (const l of records(posting.lists)) {
    const title = text(l.text);
    if (title) addSection(found, sectionKey(title), linesFromHtml(l.content));
  }
  return found;
}
