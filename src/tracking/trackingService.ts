import { contentId } from '../postings/canonicalUrl';
import type { Posting } from '../postings/posting';
import type { PostingReader } from '../postings/postingReader';
import type { PostingRepository } from '../postings/postingRepository';
import type { EventRepository } from './events';
import type { TrackedJob, TrackedJobRepository } from './trackedJob';

/** A job as a user sees it: their tracking and the posting it points at. */
export interface JobView {
  job: TrackedJob;
  posting: Posting;
  /** False when the user already had this job before this request. */
  created: boolean;
}

/** The user's collection of jobs and their journey. */
export class TrackingService {
  constructor(
    private readonly deps: {
      jobs: TrackedJobRepository;
      events: EventRepository;
      postings: PostingRepository;
      reader: PostingReader;
      now?: () => Date;
    },
  ) {}

  /** Saves the job a link names into the user's collection (once: a second paste finds the first). */
  async saveFromUrl(userKey: string, url: string, requestId: string): Promise<JobView> {
    const { postingId } = this.deps.reader.identify(url);
    const jobId = trackedJobId(userKey, postingId);
    const existing = await this.deps.jobs.find(userKey, jobId);
    if (existing) {
      const posting = await this.deps.postings.find(postingId);
      if (posting) return { job: existing, posting, created: false };
    }
    const posting = await this.deps.reader.read(url, { requesterKey: userKey });
    return this.track(userKey, posting, requestId);
  }

  private async track(userKey: string, posting: Posting, requestId: string): Promise<JobView> {
    const now = this.now();
    const candidate: TrackedJob = {
      id: trackedJobId(userKey, posting.id),
      userKey,
      postingId: posting.id,
      status: 'saved',
      createdAt: now,
      updatedAt: now,
      statusChangedAt: now,
    };
    const { job, created } = await this.deps.jobs.insertOnce(candidate);
    if (created) {
      await this.deps.events.append({ id: `captured:${requestId}:${job.id}`, userKey, jobId: job.id, type: 'captured', at: now, data: { status: 'saved' } });
    }
    return { job, posting, created };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** The id of a user's tracking of a posting: deterministic, so a duplicate insert is refused by `_id` alone. */
export function trackedJobId(userKey: string, postingId: string): string {
  return `j${contentId(`${userKey}\n${postingId}`).slice(0, 23)}`;
}
