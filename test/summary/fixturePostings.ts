import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractFromAtsDocument } from '../../src/postings/ats';
import { extractFromHtml, extractFromPastedText } from '../../src/postings/extract';
import type { ExtractedPosting } from '../../src/postings/posting';

const POSTINGS = path.join(__dirname, '../fixtures/postings');

/** The job posting in a capture fixture, read the way the product reads it: HTML page, ATS API document, or pasted text. */
export function fixturePosting(file: string): ExtractedPosting {
  const body = readFileSync(path.join(POSTINGS, file), 'utf8');
  if (file.endsWith('.html')) return posted(extractFromHtml(body, `https://jobs.example.test/${encodeURIComponent(file)}`), file);
  if (file.endsWith('.txt')) return posted(extractFromPastedText(body), file);
  // The capture tests' expected files say which job of a list document is meant, and on which page it lives.
  const capture = JSON.parse(readFileSync(path.join(POSTINGS, 'expected', `${file}.json`), 'utf8')) as { select: string | number | null; pageUrl: string | null };
  const posting = extractFromAtsDocument(file.endsWith('.xml') ? body : JSON.parse(body), {
    pageUrl: capture.pageUrl ?? undefined,
    select: capture.select === null ? undefined : String(capture.select),
  });
  if (!posting) throw new Error(`${file}: no posting`);
  return posting;
}

function posted(outcome: ReturnType<typeof extractFromHtml>, file: string): ExtractedPosting {
  if (outcome.kind !== 'posting') throw new Error(`${file}: ${outcome.reason}`);
  return outcome.posting;
}

/** A posting as stored, for the service: an id beside the extracted facts. */
export function withId(posting: ExtractedPosting, id: string): ExtractedPosting & { id: string } {
  return { ...posting, id };
}
