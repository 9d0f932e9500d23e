import { AppError } from '../errors';
import type { Logger } from '../logger';
import { atsRouteFor, type AtsRoute } from './ats';
import { canonicalUrl } from './canonicalUrl';
import { extractFromHtml, type ExtractOutcome } from './extract';
import type { FetchedDocument, SafeFetcher } from './fetch/safeFetcher';
import type { ExtractedPosting } from './posting';

/** Sites that answer bots with a login wall or a challenge: we never scrape around them. */
const BOT_WALLED_SITES = ['linkedin.com', 'indeed.com', 'glassdoor.com', 'glassdoor.co.uk', 'ziprecruiter.com'];

/** HTTP answers that mean "this site does not serve bots" rather than "this job is gone". */
const BLOCKING_STATUSES = new Set([401, 403, 429, 999]);

const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/ld+json;q=0.9,application/json;q=0.8';

/** Reads one job posting from its link over the network: the ATS's public API first, then the page. Stores nothing. */
export class JobPageReader {
  constructor(private readonly deps: { fetcher: SafeFetcher; log: Logger }) {}

  /** The posting a link shows; throws an AppError that says why when there is none. */
  async extract(url: string, requesterKey?: string): Promise<ExtractedPosting> {
    const target = new URL(canonicalUrl(url));
    if (isBotWalled(target.hostname)) throw new AppError('BLOCKED_SITE', { details: { host: target.hostname } });
    const route = atsRouteFor(target);
    if (route) {
      const fromApi = await this.tryAts(route, requesterKey);
      if (fromApi) return fromApi;
    }
    const page = await this.fetch(target.toString(), PAGE_ACCEPT, requesterKey);
    return outcomeToPosting(extractFromHtml(page.body, page.url));
  }

  private async tryAts(route: AtsRoute, requesterKey?: string): Promise<ExtractedPosting | undefined> {
    try {
      const doc = await this.fetch(route.apiUrl, 'application/json', requesterKey);
      return route.parse(JSON.parse(doc.body));
    } catch (error) {
      // The page may still carry the posting (JSON-LD): fall back, and keep the API's failure in the logs.
      this.deps.log.info({ ats: route.ats, code: error instanceof AppError ? error.code : 'PARSE' }, 'ATS API failed, reading the page instead');
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
