import type { Location, Remote, Salary } from '../posting';
import { finish } from './draft';
import { idOf, list, record, records, text } from './json';
import { joinPlaces, locationFrom, placeText } from './place';
import { plainText, textFromHtml } from './prose';
import type { AtsReader, Wanted } from './reader';
import { salaryFrom, unitFrom } from './salary';
import { dateFrom, employmentLabel } from './values';

/** Teamtailor's JSON Feed (`{company}.teamtailor.com/jobs.json`): `items[]`, each with a schema.org `_jobposting`. */
export const teamtailor: AtsReader = {
  ats: 'teamtailor',
  recognises(doc) {
    const feed = record(doc);
    return !!feed && records(feed.items).some((item) => !!record(item._jobposting));
  },
  read(doc, wanted) {
    const feed = record(doc);
    const item = pickItem(records(feed?.items), wanted.jobId);
    return feed && item && toPosting(item, feed, wanted);
  },
};

/** The item with the wanted id; without one, the feed's only item. */
function pickItem(items: Record<string, unknown>[], jobId: string | undefined): Record<string, unknown> | undefined {
  if (jobId === undefined) return items.length === 1 ? items[0] : undefined;
  return items.find((item) => itemIds(item).includes(jobId.trim().toLowerCase()));
}

/** An item is named by its feed id, by the posting's numeric identifier, or by the number in its page URL. */
function itemIds(item: Record<string, unknown>): string[] {
  const identifier = record(record(item._jobposting)?.identifier)?.value;
  const fromUrl = /\/jobs\/(\d+)/.exec(text(item.url) ?? '')?.[1];
  return [idOf(item.id), idOf(identifier), fromUrl].filter((id): id is string => id !== undefined);
}

function toPosting(item: Record<string, unknown>, feed: Record<string, unknown>, wanted: Wanted) {
  const posting = record(item._jobposting) ?? {};
  return finish({
    source: 'teamtailor',
    url: text(item.url) ?? wanted.pageUrl ?? '',
    title: text(item.title) ?? text(posting.title),
    // The feed's title is the career site's name, which Teamtailor sets to the employer's.
    company: text(record(posting.hiringOrganization)?.name) ?? text(feed.title),
    location: location(posting.jobLocation),
    remote: remote(posting),
    employmentType: employmentLabel(list(posting.employmentType)[0] ?? posting.employmentType),
    salary: salary(record(posting.baseSalary)),
    datePosted: dateFrom(item.date_published) ?? dateFrom(posting.datePosted),
    validThrough: dateFrom(posting.validThrough),
    description: textFromHtml(item.content_html) ?? plainText(item.content_text) ?? textFromHtml(posting.description),
  });
}

/** schema.org `jobLocation` places as one text; the address parts only when there is one. */
function location(jobLocation: unknown): Location | undefined {
  const places = Array.isArray(jobLocation) ? records(jobLocation) : records([jobLocation]);
  const addresses = places.map((place) => record(place.address) ?? {});
  const texts = addresses.map((a) => placeText([text(a.addressLocality), text(a.addressRegion), text(a.addressCountry)]));
  const only = addresses.length === 1 ? addresses[0] : undefined;
  return locationFrom({ text: joinPlaces(texts), city: only?.addressLocality, region: only?.addressRegion, country: only?.addressCountry });
}

function remote(posting: Record<string, unknown>): Remote | undefined {
  return text(posting.jobLocationType)?.toUpperCase() === 'TELECOMMUTE' ? 'remote' : undefined;
}

/** schema.org `baseSalary`: a MonetaryAmount whose `value` holds the figures and the unit. */
function salary(base: Record<string, unknown> | undefined): Salary | undefined {
  const value = record(base?.value);
  if (!base || !value) return undefined;
  return salaryFrom({ min: value.minValue ?? value.value, max: value.maxValue ?? value.value, currency: base.currency, unit: unitFrom(value.unitText) });
}
