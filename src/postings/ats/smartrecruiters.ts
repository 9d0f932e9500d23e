import type { Remote } from '../posting';
import { finish } from './draft';
import { idOf, record, records, text } from './json';
import { locationFrom } from './place';
import { addSection, linesFromHtml, textFromParts, type Sections } from './prose';
import { pick, segments, SLUG, type AtsReader, type JobLocation, type Wanted } from './reader';
import { dateFrom } from './values';

/** `jobAd.sections` keys in page order, with our section key for each. */
const SECTION_KEYS: [string, string][] = [
  ['companyDescription', 'about'],
  ['jobDescription', 'description'],
  ['qualifications', 'qualifications'],
  ['additionalInformation', 'additional'],
];

/** SmartRecruiters' posting API (`api.smartrecruiters.com/v1/companies/{company}/postings/{id}`), one posting or a `content[]` list. */
export const smartRecruiters: AtsReader = {
  ats: 'smartrecruiters',
  locate,
  recognises(doc) {
    const one = record(doc);
    return !!one && (records(one.content).some(isPosting) || isPosting(one));
  },
  read(doc, wanted) {
    const one = record(doc);
    const posting = one && Array.isArray(one.content) ? pick(records(one.content), wanted.jobId, (p) => p.id) : one;
    if (!posting || !isPosting(posting) || posting.active === false) return undefined;
    if (wanted.jobId !== undefined && idOf(posting.id) !== wanted.jobId.toLowerCase()) return undefined;
    return toPosting(posting, wanted);
  },
};

function isPosting(posting: Record<string, unknown>): boolean {
  return 'name' in posting && 'releasedDate' in posting && !!record(posting.company);
}

/** `jobs.smartrecruiters.com/{company}/{id}-{slug}` or `.../{id}`. */
function locate(url: URL): JobLocation | undefined {
  if (url.hostname !== 'jobs.smartrecruiters.com') return undefined;
  const [company, posting, ...rest] = segments(url);
  const id = /^(\d{6,})(-.*)?$/.exec(posting ?? '')?.[1];
  if (!company || !SLUG.test(company) || !id || rest.length > 0) return undefined;
  return { apiUrl: `https://api.smartrecruiters.com/v1/companies/${company}/postings/${id}`, jobId: id };
}

function toPosting(posting: Record<string, unknown>, wanted: Wanted) {
  const place = record(posting.location) ?? {};
  const company = record(posting.company) ?? {};
  const sectionsByKey = record(record(posting.jobAd)?.sections) ?? {};
  return finish({
    source: 'smartrecruiters',
    url: text(posting.postingUrl) ?? wanted.pageUrl ?? publicUrl(company, posting),
    title: text(posting.name),
    company: text(company.name),
    location: locationFrom({ text: place.fullLocation, city: place.city, region: place.region, country: place.country }),
    remote: remote(place),
    employmentType: text(record(posting.typeOfEmployment)?.label),
    datePosted: dateFrom(posting.releasedDate),
    description: description(sectionsByKey),
    sections: sections(sectionsByKey),
  });
}

/** List entries carry no page URL; the job page answers at `{company}/{id}` (the slug is optional). */
function publicUrl(company: Record<string, unknown>, posting: Record<string, unknown>): string {
  const identifier = text(company.identifier);
  const id = text(posting.id);
  return identifier && id ? `https://jobs.smartrecruiters.com/${encodeURIComponent(identifier)}/${encodeURIComponent(id)}` : '';
}

/** The `remote` and `hybrid` flags; both present and false mean on site. */
function remote(place: Record<string, unknown>): Remote | undefined {
  if (place.remote === true) return 'remote';
  if (place.hybrid === true) return 'hybrid';
  return place.remote === false && place.hybrid === false ? 'onsite' : undefined;
}

/** Every section under its own title, in page order. */
function description(sectionsByKey: Record<string, unknown>): string | undefined {
  return textFromParts(SECTION_KEYS.map(([key]) => record(sectionsByKey[key]) ?? {}).map((s) => ({ title: text(s.title), html: s.text })));
}

function sections(sectionsByKey: Record<string, unknown>): Sections {
  const found: Sections = {};
  for (const [key, ours] of SECTION_KEYS) addSection(found, ours, linesFromHtml(record(sectionsByKey[key])?.text));
  return found;
}
