import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { JobPageReader } from '../postings/jobPageReader';
import type { PostingRepository } from '../postings/postingRepository';
import type { Status, TrackedJobRepository } from '../tracking/trackedJob';
import type { ReminderService } from './reminderService';

/** Postings are re-checked only while someone still waits on them. */
const WATCHED_STATUSES: readonly Status[] = ['saved', 'applied', 'interviewing'];
/** Answers that mean the posting is gone; anything else (time-outs, walls, rate limits) proves nothing. */
const GONE_CODES = new Set(['FETCH_NOT_FOUND', 'NOT_A_JOB']);
/** A posting checked more recently than this is skipped. */
const RECHECK_AFTER_MS = 20 * 60 * 60 * 1000;

/** What one re-check round found. */
export interface RecheckReport {
  checked: number;
  closed: number;
  notices: number;
}

/**
 * The daily re-check of open postings that someone has saved or applied to: a posting whose ATS or
 * page says it is gone, whose JSON-LD disappeared, or whose `validThrough` passed is marked closed,
 * and each of its users is told once. The stored copy stays readable.
 */
export class PostingRecheck {
  constructor(
    private readonly deps: {
      postings: PostingRepository;
      jobs: TrackedJobRepository;
      pages: JobPageReader;
      reminders: ReminderService;
      log: Logger;
      now?: () => Date;
    },
  ) {}

  /** Re-checks up to `limit` watched postings. */
  async run(limit = 500): Promise<RecheckReport> {
    const report: RecheckReport = { checked: 0, closed: 0, notices: 0 };
    const ids = await this.deps.jobs.postingIdsInStatuses(WATCHED_STATUSES, limit);
    for (const posting of await this.deps.postings.findMany(ids)) {
      const now = this.now();
      if (!posting.open || now.getTime() - posting.lastCheckedAt.getTime() < RECHECK_AFTER_MS) continue;
      const open = await this.stillOpen(posting.canonicalUrl, posting.validThrough, now);
      if (open === undefined) continue;
      report.checked += 1;
      await this.deps.postings.markChecked(posting.id, open, now);
      if (open) continue;
      report.closed += 1;
      report.notices += await this.deps.reminders.noticeClosed(posting.id, await this.deps.jobs.trackersOf(posting.id, WATCHED_STATUSES));
      this.deps.log.info({ posting: posting.id }, 'posting closed');
    }
    return report;
  }

  /** true / false when known; undefined when the check could not tell (try again tomorrow). */
  private async stillOpen(url: string, validThrough: Date | undefined, now: Date): Promise<boolean | undefined> {
    if (validThrough && validThrough < now) return false;
    if (!/^https?:\/\//.test(url)) return undefined; // a pasted posting has nothing to re-read
    try {
      const fresh = await this.deps.pages.extract(url);
      return !(fresh.validThrough && fresh.validThrough < now);
    } catch (error) {
      if (error instanceof AppError && GONE_CODES.has(error.code)) return false;
      this.deps.log.info({ code: error instanceof AppError ? error.code : 'INTERNAL' }, 're-check inconclusive');
      return undefined;
    }
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
