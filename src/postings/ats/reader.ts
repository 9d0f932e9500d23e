import type { ExtractedPosting, PostingSource } from '../posting';
import { findById } from './json';

/** How to read one posting from an ATS's public API. */
export interface AtsRoute {
  ats: PostingSource;
  /** The public JSON endpoint to GET (no key). */
  apiUrl: string;
  /** Parses the API response; `undefined` when the response does not contain this job (closed / not listed). */
  parse(json: unknown): ExtractedPosting | undefined;
}

/** The job a page URL names on one ATS: where its API answers and the id to look for in the answer. */
export interface JobLocation {
  apiUrl: string;
  jobId: string;
}

/** Which job to read out of a document, and the page the user gave for it. */
export interface Wanted {
  jobId?: string;
  pageUrl?: string;
}

/** One ATS: how its job URLs map to its API, how its documents look, and how to read one job out of them. */
export interface AtsReader {
  ats: PostingSource;
  /** The API location for a job page URL on this ATS, or undefined when the URL is not one of its job pages. */
  locate?(pageUrl: URL): JobLocation | undefined;
  /** Whether a document has this ATS's shape. */
  recognises(doc: unknown): boolean;
  /** The wanted job from a document of this ATS; undefined when the document does not hold it. */
  read(doc: unknown, wanted: Wanted): ExtractedPosting | undefined;
}

/** The wanted item of a list: the one with the wanted id, or the only item when no id is wanted. */
export function pick<T>(items: T[], jobId: string | undefined, idIn: (item: T) => unknown): T | undefined {
  if (jobId !== undefined) return findById(items, jobId, idIn);
  return items.length === 1 ? items[0] : undefined;
}

/** A URL's path segments, without empty ones (so a trailing slash changes nothing). */
export function segments(url: URL): string[] {
  return url.pathname.split('/').filter((segment) => segment !== '');
}

/** Board, site and account names as ATSs spell them; anything else in a URL is not one of their job pages. */
export const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
