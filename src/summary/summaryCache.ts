import { createHash } from 'node:crypto';
import type { ExtractedPosting } from '../postings/posting';
import type { ErrorCode } from '../errors';
import type { JobSummary } from './summary';

/** Bumped when the summary's shape or the offline rules change, so old cached summaries are written again. */
export const SUMMARY_VERSION = 1;

/** A summary as kept for one version of a posting's text. */
export interface CachedSummary {
  summary: JobSummary;
  at: Date;
  /** Set when the model failed and this is the offline summary written instead. */
  fellBack?: ErrorCode;
}

/** Storage of summaries, keyed by posting and by a hash of the posting's content. */
export interface SummaryCache {
  /** The summary of this version of the posting, or undefined. */
  get(postingId: string, contentHash: string): Promise<CachedSummary | undefined>;
  /** Keeps the summary of this version, replacing those of older versions of the same posting. */
  put(postingId: string, contentHash: string, entry: CachedSummary): Promise<void>;
  ensureIndexes(): Promise<void>;
}

/**
 * Hash of what a summary is made from: title, description and sections, and the company, location, remote kind and pay
 * that the gist and the conditions show. A changed posting gets a new hash.
 */
export function contentHash(posting: Pick<ExtractedPosting, 'title' | 'description' | 'sections' | 'company' | 'location' | 'remote' | 'salary'>): string {
  const sections = Object.entries(posting.sections ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const salary = posting.salary ? [posting.salary.min, posting.salary.max, posting.salary.currency, posting.salary.unit] : null;
  const material = JSON.stringify([
    SUMMARY_VERSION, posting.title ?? '', posting.description ?? '', sections,
    posting.company ?? '', posting.location?.text ?? '', posting.remote, salary,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
