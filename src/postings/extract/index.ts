import { extractedPostingSchema, MAX_DESCRIPTION_CHARS, type ExtractedPosting, type PostingSource } from '../posting';
import { scanHtml } from './dom';
import { remoteFromWords, type PostingFields } from './fields';
import { findJobPostings, readJobPosting } from './jsonld';
import { readPage } from './page';
import { readPastedText } from './pastedText';
import { sectionsFromText } from './sections';
import { detectListing, detectWall, showsOneJob } from './walls';

/** What extraction made of a page or a text: one posting, or why there is none. */
export type ExtractOutcome =
  | { kind: 'posting'; posting: ExtractedPosting }
  | { kind: 'notJob'; reason: 'wall' | 'listing' | 'empty' | 'tooShort' };

/** JSON-LD with this many different job titles is a board's list, not one job. */
const LISTING_POSTINGS = 3;

/** A fetched HTML page: walls first, then JSON-LD, then the page itself. */
export function extractFromHtml(html: string, pageUrl: string): ExtractOutcome {
  const scan = scanHtml(html);
  if (detectWall(html, scan)) return { kind: 'notJob', reason: 'wall' };
  const { postings, ids } = findJobPostings(scan.jsonLd);
  const titles = new Set(postings.map((p) => JSON.stringify(p.title ?? p.name)));
  if (titles.size >= LISTING_POSTINGS) return { kind: 'notJob', reason: 'listing' };
  const fromJsonLd = postings.length > 0 ? readJobPosting(postings[0], ids) : undefined;
  if (!fromJsonLd && !showsOneJob(scan) && detectListing(scan)) return { kind: 'notJob', reason: 'listing' };
  const page = readPage(scan, { knownJob: fromJsonLd !== undefined });
  if (fromJsonLd) return postingOrEmpty(finish('jsonld', pageUrl, fillGaps(fromJsonLd, page.fields)));
  return page.isJobPage ? postingOrEmpty(finish('html', pageUrl, page.fields)) : { kind: 'notJob', reason: 'empty' };
}

/** Text a user pasted. A text too short to be a posting is `tooShort`; a long one that does not read like a posting is `empty`. */
export function extractFromPastedText(text: string): ExtractOutcome {
  const reading = readPastedText(text);
  if (reading.kind === 'notJob') return reading;
  // A pasted text has no address; the caller keys it by a hash of the text.
  return postingOrEmpty(finish('text', '', reading.fields));
}

/** JSON-LD facts win; the page supplies only what JSON-LD left out. */
function fillGaps(fromJsonLd: PostingFields, fromPage: PostingFields): PostingFields {
  const filled: PostingFields = { ...fromJsonLd };
  for (const key of Object.keys(fromPage) as (keyof PostingFields)[]) {
    if (filled[key] === undefined && fromPage[key] !== undefined) Object.assign(filled, { [key]: fromPage[key] });
  }
  return filled;
}

function finish(source: PostingSource, url: string, fields: PostingFields): ExtractedPosting | undefined {
  if (!fields.title && !fields.description) return undefined;
  const description = capDescription(fields.description);
  const posting = {
    ...fields,
    source,
    url,
    remote: fields.remote ?? remoteFromWords([fields.title, fields.location?.text, fields.employmentType]) ?? 'unknown',
    description,
    sections: mergeSections(description ? sectionsFromText(description) : undefined, fields.sections),
  };
  return extractedPostingSchema.parse(withoutUndefined(posting));
}

/** Sections found under the description's headings, plus those the source names itself (which win on a clash). */
function mergeSections(fromText: Record<string, string[]> | undefined, fromSource: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  return fromText || fromSource ? { ...fromText, ...fromSource } : undefined;
}

function postingOrEmpty(posting: ExtractedPosting | undefined): ExtractOutcome {
  return posting ? { kind: 'posting', posting } : { kind: 'notJob', reason: 'empty' };
}

/** Cuts a long description at a word boundary so the stored document stays small. */
function capDescription(text: string | undefined): string | undefined {
  if (!text || text.length <= MAX_DESCRIPTION_CHARS) return text;
  const cut = text.slice(0, MAX_DESCRIPTION_CHARS - 1);
  const boundary = cut.search(/\s\S*$/);
  return `${boundary > MAX_DESCRIPTION_CHARS * 0.9 ? cut.slice(0, boundary) : cut}…`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
