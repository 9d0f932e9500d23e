import type { ExtractedPosting } from '../posting';
import { ashby } from './ashby';
import { bambooHr } from './bamboohr';
import { greenhouse } from './greenhouse';
import { lever } from './lever';
import { linkedIn } from './linkedin';
import { personio } from './personio';
import type { AtsReader, AtsRoute } from './reader';
import { recruitee } from './recruitee';
import { smartRecruiters } from './smartrecruiters';
import { teamtailor } from './teamtailor';
import { workable } from './workable';
import { workday } from './workday';

export type { AtsRoute } from './reader';

/** Every reader, most specific shape first (several ATSs answer with a `jobs[]` list). */
const READERS: AtsReader[] = [
  greenhouse, ashby, workable, lever, smartRecruiters, workday, recruitee, bambooHr, teamtailor, personio, linkedIn,
];

/** The API route for a job page URL on a known ATS, or undefined. */
export function atsRouteFor(pageUrl: URL): AtsRoute | undefined {
  if (pageUrl.protocol !== 'https:' && pageUrl.protocol !== 'http:') return undefined;
  for (const reader of READERS) {
    const location = reader.locate?.(pageUrl);
    if (location) {
      const wanted = { jobId: location.jobId, pageUrl: pageUrl.href };
      return { ats: reader.ats, apiUrl: location.apiUrl, parse: (json) => reader.read(json, wanted) };
    }
  }
  return undefined;
}

/** Reads an ATS API document whose ATS is detected from its shape (or from `pageUrl`), for the command line; `select` picks one job from a list response. */
export function extractFromAtsDocument(
  doc: unknown | string /* string = XML */,
  options: { pageUrl?: string; select?: string } = {},
): ExtractedPosting | undefined {
  const page = options.pageUrl !== undefined && URL.canParse(options.pageUrl) ? new URL(options.pageUrl) : undefined;
  const fromPage = page && READERS.find((reader) => reader.locate?.(page));
  const reader = READERS.find((candidate) => candidate.recognises(doc)) ?? fromPage;
  if (!reader) return undefined;
  const jobId = options.select?.trim() || (reader === fromPage && page ? reader.locate?.(page)?.jobId : undefined);
  return reader.read(doc, { jobId, pageUrl: options.pageUrl });
}
