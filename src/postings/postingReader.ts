import { AppError } from '../errors';
import type { Logger } from '../logger';
import { atsRouteFor } from './ats';
import { canonicalUrl, contentId } from './canonicalUrl';
import { extractFromHtml, type ExtractOutcome } from './extract';
import type { FetchedDocument, SafeFetcher } from './fetch/safeFetcher';
import type { ExtractedPosting, Posting } from './posting';
import type { PostingRepository } from './postingRepository';

/** Sites that answer bots with a login wall or a challenge: we never scrape around them. */
const BOT_WALLED_SITES = ['linkedin.com', 'indeed.com', 'glassdoor.com', 'glassdoor.co.uk', 'ziprecruiter.com'];

/** HTTP answers that mean "this site does not serve bots" rather than "this job is gone". */
const BLOCKING_STATUSES = new Set([401, 403, 429, 999]);

/** How long a stored posting is reused before it is read again. */
const REUSE_FOR_MS = 6 * 60 * 60 * 1000;

/** Reads job postings from links: ATS APIs first, then the page; keeps one stored copy per canonical URL. */
export class PostingReader {
  constructor(
    private readonly deps: { postings: PostingRepository; fetcher: SafeFetcher; log: Logger; now?: () => Date },
  ) {}

  /** The canonical URL and posting id a link names, without any network access. Throws BAD_URL/UNSUPPORTED_SCHEME. */
  identify(url: string): { canonicalUrl: string; postingId: string } {
    const canonical = canonicalUrl(url);
    return { canonicalUrl: canonical, postingId: contentId(canonical) };
  }

  /** The posting a link names: the stored copy when it is recent, otherwise read and stored now. */
  async read(url: string, options: { requesterKey?: string } = {}): Promise<Posting> {
    const { canonicalUrl: canonical, postingId } = this.identify(url);
    const now = this.now();
    const stored = await this.deps.postings.find(postingId);
    if (stored && now.getTime() - stored.fetchedAt.getTime() < REUSE_FOR_MS) return stored;
    const extracted = await this.extract(canonical, options.requesterKey);
    const posting: Posting = { ...extracted, id: postingId, canonicalUrl: canonical, fetchedAt: now, lastCheckedAt: now, open: true };
    await this.deps.postings.save(posting);
    return posting;
  }

  /** Fetches and extracts without storing (the command line uses this too). */
  async extract(url: string, requesterKey?: string): Promise<ExtractedPosting> {
    const target = new URL(url);
    if (isBotWalled(target.hostname)) throw new AppError('BLOCKED_SITE', { details: { host: target.hostname } });
    const route = atsRouteFor(target);
    if (route) {
      const fromApi = await this.tryAts(route, requesterKey);
      if (fromApi) return fromApi;
    }
    const page = await this.fetch(url, 'text/html,application/xhtml+xml,application/ld+json;q=0.9,application/json;q=0.8', requesterKey);
    return outcomeToPosting(extractFromHtml(page.body, page.url));
  }

  private async tryAts(route: NonNullable<ReturnType<typeof atsRouteFor>>, requesterKey?: string): Promise<ExtractedPosting | undefined> {
    try {
      const doc = await this.fetch(route.apiUrl, 'application/json', requesterKey);
      return route.parse(JSON.parse(doc.body));
    } catch (error) {
      // The page may still carry the posting (JSON-LD): fall back, and keep the API's failure in the logs.
      this.deps.log.info({ ats: route.ats, code: (error as AppError).code ?? 'PARSE' }, 'ATS API failed, reading the page instead');
      return undefined;
    }
  }

  private async fetch(url: string, accept: string, requesterKey?: string): Promise<FetchedDocument> {
    try {
      return await this.deps.fetcher.fetchDocument(url, { accept, key: requesterKey });
    } catch (error) {
      if (error instanceof AppError && error.code === 'FETCH_HTTP_STATUS' && BLOCKING_STATUSES.has(Number(error.details.status))) {
        throw new AppError('BLOCKED_SITE', { cause: error, details: error.details });
      }
      throw error;
    }
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function outcomeToPosting(outcome: ExtractOutcome): ExtractedPosting {
  if (outcome.kind === 'posting') return outcome.posting;
  if (outcome.reason === 'wall') throw new AppError('BLOCKED_SITE');
  throw new AppError('NOT_A_JOB', { details: { reason: outcome.reason } });
}

function isBotWalled(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return BOT_WALLED_SITES.some((site) => name === site || name.endsWith(`.${site}`)) || /(^|\.)indeed\.[a-z.]+$/.test(name);
}
