import { toAppError, type ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { ExtractedPosting } from '../postings/posting';
import { matchSkills, type SkillMatch } from './match';
import { OfflineSummarizer } from './offlineSummarizer';
import { contentHash, type CachedSummary, type SummaryCache } from './summaryCache';
import type { JobSummary, Summarizer } from './summary';

/** A posting to summarise: what was extracted, and the id it is stored under. */
export type SummarizablePosting = ExtractedPosting & { id: string };

/** What the Summary button shows. */
export interface SummaryResult {
  summary: JobSummary;
  /** How the user's skills meet the posting; absent without profile skills or when the posting names none. */
  match?: SkillMatch;
  /** Whether the summary came from the cache. */
  cached: boolean;
  /** Why the model's summary is not shown (the card says so): the offline summary stands in. */
  fellBack?: ErrorCode;
}

/** Options of one request. */
export interface SummarizeOptions {
  signal?: AbortSignal;
  /** Write the summary again even if one is cached. */
  refresh?: boolean;
}

/** The offline summary written because the model failed is retried with the model after this long. */
export const FALLBACK_RETRY_MS = 10 * 60_000;

const MODEL_CODES: ReadonlySet<ErrorCode> = new Set(['SUMMARY_MODEL_TIMEOUT', 'SUMMARY_MODEL_UNAVAILABLE', 'SUMMARY_MODEL_INVALID']);

/** Summaries of postings: cached per version of a posting's text, written by the model when configured, offline otherwise or when it fails. */
export class SummaryService {
  private readonly summarizer: Summarizer;
  private readonly offline: Summarizer;
  private readonly cache: SummaryCache;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly retryFallbackMs: number;
  /** Requests for the same posting version at the same time share one summarizer call. */
  private readonly inFlight = new Map<string, Promise<CachedSummary>>();

  constructor(deps: { summarizer: Summarizer; cache: SummaryCache; log: Logger; offline?: Summarizer; now?: () => Date; retryFallbackMs?: number }) {
    this.summarizer = deps.summarizer;
    this.offline = deps.offline ?? (deps.summarizer.source === 'offline' ? deps.summarizer : new OfflineSummarizer());
    this.cache = deps.cache;
    this.log = deps.log;
    this.now = deps.now ?? (() => new Date());
    this.retryFallbackMs = deps.retryFallbackMs ?? FALLBACK_RETRY_MS;
  }

  /** The posting's summary and, when the user has skills, how they match it. */
  async summarize(posting: SummarizablePosting, userSkills: readonly string[] = [], options: SummarizeOptions = {}): Promise<SummaryResult> {
    const hash = contentHash(posting);
    const cached = options.refresh ? undefined : await this.cached(posting.id, hash);
    const entry = cached ?? (await this.shared(posting, hash, options.signal));
    const match = userSkills.length > 0 ? matchSkills(userSkills, entry.summary, posting) : undefined;
    return {
      summary: entry.summary,
      ...(match ? { match } : {}),
      cached: cached !== undefined,
      ...(entry.fellBack ? { fellBack: entry.fellBack } : {}),
    };
  }

  /** The summary and match when a current one is cached, without writing one: for views that only show what exists. */
  async peek(posting: SummarizablePosting, userSkills: readonly string[] = []): Promise<SummaryResult | undefined> {
    const entry = await this.cached(posting.id, contentHash(posting));
    if (!entry) return undefined;
    const match = userSkills.length > 0 ? matchSkills(userSkills, entry.summary, posting) : undefined;
    return { summary: entry.summary, ...(match ? { match } : {}), cached: true, ...(entry.fellBack ? { fellBack: entry.fellBack } : {}) };
  }

  /** Whether a summary is written by a model (slow: the card shows "summarising…" first) rather than offline. */
  get usesModel(): boolean {
    return this.summarizer !== this.offline;
  }

  private async cached(postingId: string, hash: string): Promise<CachedSummary | undefined> {
    let entry: CachedSummary | undefined;
    try {
      entry = await this.cache.get(postingId, hash);
    } catch (error) {
      // Without the cache the summary can still be written; the user should not lose it to a database hiccup.
      this.log.warn({ postingId, err: error }, 'summary cache read failed');
      return undefined;
    }
    if (!entry) return undefined;
    const modelConfigured = this.summarizer.source !== 'offline';
    const stale = modelConfigured && entry.summary.source === 'offline' && this.now().getTime() - entry.at.getTime() >= this.retryFallbackMs;
    return stale ? undefined : entry;
  }

  private shared(posting: SummarizablePosting, hash: string, signal: AbortSignal | undefined): Promise<CachedSummary> {
    const key = `${posting.id}:${hash}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const job = this.write(posting, hash, signal).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  private async write(posting: SummarizablePosting, hash: string, signal: AbortSignal | undefined): Promise<CachedSummary> {
    const entry = await this.summarizeWithFallback(posting, signal);
    try {
      await this.cache.put(posting.id, hash, entry);
    } catch (error) {
      this.log.warn({ postingId: posting.id, err: error }, 'summary cache write failed');
    }
    return entry;
  }

  private async summarizeWithFallback(posting: SummarizablePosting, signal: AbortSignal | undefined): Promise<CachedSummary> {
    if (this.summarizer === this.offline) return { summary: await this.offline.summarize(posting), at: this.now() };
    try {
      return { summary: await this.summarizer.summarize(posting, { signal }), at: this.now() };
    } catch (error) {
      const appError = toAppError(error);
      const fellBack = MODEL_CODES.has(appError.code) ? appError.code : 'SUMMARY_MODEL_UNAVAILABLE';
      this.log.warn({ postingId: posting.id, code: fellBack, model: this.summarizer.model, err: error }, 'model summary failed; offline summary used');
      return { summary: await this.offline.summarize(posting), at: this.now(), fellBack };
    }
  }
}
