import type { Remote } from '../posting';
import { finish } from './draft';
import { list, record, records, text } from './json';
import { locationFrom } from './place';
import { plainText } from './prose';
import type { AtsReader, Wanted } from './reader';
import { dateFrom, employmentLabel, remoteFromWord } from './values';

/** LinkedIn's workplace-type ids: urn:li:fs_workplaceType:{1 on site, 2 remote, 3 hybrid}. */
const WORKPLACE_TYPES: Record<string, Remote> = { '1': 'onsite', '2': 'remote', '3': 'hybrid' };

/**
 * LinkedIn's Voyager `jobPosting` JSON, read as a data shape only: the product never calls LinkedIn.
 * Its source is 'html' because `postingSources` has no LinkedIn entry: the facts are those of LinkedIn's job page.
 */
export const linkedIn: AtsReader = {
  ats: 'html',
  recognises(doc) {
    const posting = record(doc);
    return !!posting && /^urn:li:/.test(text(posting.entityUrn) ?? text(posting.dashEntityUrn) ?? '') && 'title' in posting;
  },
  read(doc, wanted) {
    const posting = record(doc);
    return posting && text(posting.title) ? toPosting(posting, wanted) : undefined;
  },
};

function toPosting(posting: Record<string, unknown>, wanted: Wanted) {
  const id = text(posting.jobPostingId) ?? /(\d+)$/.exec(text(posting.entityUrn) ?? '')?.[1];
  return finish({
    source: 'html',
    url: wanted.pageUrl ?? (id ? `https://www.linkedin.com/jobs/view/${id}` : ''),
    title: text(posting.title),
    company: text(posting.companyName) ?? companyName(posting.companyDetails),
    location: locationFrom({ text: posting.formattedLocation }),
    remote: remote(posting),
    employmentType: employmentLabel(/:([A-Z_]+)$/.exec(text(posting.employmentStatus) ?? '')?.[1]),
    datePosted: dateFrom(posting.listedAt),
    description: attributedText(record(posting.description)),
  });
}

/** LinkedIn's attributed text: list items are marked only by offsets, so each gets its own `• ` line back. */
function attributedText(description: Record<string, unknown> | undefined): string | undefined {
  const raw = typeof description?.text === 'string' ? description.text : undefined;
  if (raw === undefined) return undefined;
  const itemStarts = records(description?.attributes)
    .filter((attribute) => !!record(attribute.attributeKindUnion)?.listItem)
    .map((attribute) => attribute.start)
    .filter((start): start is number => typeof start === 'number' && start >= 0 && start < raw.length);
  let withBullets = raw;
  for (const start of [...new Set(itemStarts)].sort((a, b) => b - a)) {
    withBullets = `${withBullets.slice(0, start)}\n• ${withBullets.slice(start)}`;
  }
  return plainText(withBullets.replace(/\n{2,}(?=• )/g, '\n'));
}

/** `companyDetails` holds one entry under a long recipe-type key, with `companyResolutionResult.name` inside. */
function companyName(details: unknown): string | undefined {
  const entries = Object.values(record(details) ?? {}).flatMap((entry) => records([entry]));
  return entries.map((entry) => text(record(entry.companyResolutionResult)?.name) ?? text(entry.companyName)).find((name) => name);
}

/** The resolved workplace-type names, else the type ids, else `workRemoteAllowed`. */
function remote(posting: Record<string, unknown>): Remote | undefined {
  const resolved = Object.values(record(posting.workplaceTypesResolutionResults) ?? {}).flatMap((r) => records([r]));
  const named = resolved.map((r) => remoteFromWord(text(r.localizedName))).find((kind) => kind);
  const byId = list(posting.workplaceTypes).map((urn) => WORKPLACE_TYPES[/(\d+)$/.exec(text(urn) ?? '')?.[1] ?? '']).find((kind) => kind);
  return named ?? byId ?? (posting.workRemoteAllowed === true ? 'remote' : undefined);
}
