import type { Posting, Remote } from '../postings/posting';

/** The stages of an application, in the order a hopeful journey takes. */
export const statuses = ['saved', 'applied', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn', 'ghosted'] as const;
/** One stage of an application. */
export type Status = (typeof statuses)[number];

/** Words a person reads for each status. */
export const statusLabels: Record<Status, string> = {
  saved: 'Saved',
  applied: 'Applied',
  interviewing: 'Interviewing',
  offer: 'Offer',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  ghosted: 'Ghosted',
};

/** The sensible next moves from each status, as card buttons offer them. */
export const nextStatuses: Record<Status, readonly Status[]> = {
  saved: ['applied', 'withdrawn'],
  applied: ['interviewing', 'rejected', 'ghosted', 'withdrawn', 'saved'],
  interviewing: ['offer', 'rejected', 'ghosted', 'withdrawn'],
  offer: ['accepted', 'rejected', 'withdrawn'],
  accepted: ['saved'],
  rejected: ['saved'],
  withdrawn: ['saved'],
  ghosted: ['interviewing', 'rejected', 'saved'],
};

/** Whether a value names a known status. */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (statuses as readonly string[]).includes(value);
}

/** A note on a job. */
export interface Note {
  id: string;
  text: string;
  at: Date;
}

/** One user's tracking of one posting. */
export interface TrackedJob {
  id: string;
  userKey: string;
  postingId: string;
  status: Status;
  /** Copied from the posting so the collection can be listed and searched without a join. */
  title: string;
  company: string;
  /** Copied too, for the list's rows: the posting's location as text, and how remote the job is. */
  locationText?: string;
  /** Undefined on jobs saved before these copies existed: their list rows read the posting. */
  remote?: Remote;
  createdAt: Date;
  updatedAt: Date;
  /** When the job entered its current status. */
  statusChangedAt: Date;
  /**
   * The newest notes (at most three), newest first: a copy of the journey's note events, kept with the job
   * so a card needs no query on `events`. Undefined on jobs saved before the copy existed.
   */
  latestNotes?: Note[];
}

/** The posting's fields a job keeps copies of. */
export type PostingCopies = Pick<TrackedJob, 'title' | 'company' | 'locationText' | 'remote'>;

/** A posting's fields as a job keeps them. */
export function postingCopies(posting: Posting): PostingCopies {
  return { title: posting.title ?? '', company: posting.company ?? '', ...(posting.location?.text ? { locationText: posting.location.text } : {}), remote: posting.remote };
}

/** Filters of the saved collection. */
export interface JobQuery {
  status?: Status;
  /** Words that must appear in the company or the title. */
  text?: string;
  skip: number;
  limit: number;
}

/** Storage of tracked jobs; every call names the owner, so no user reaches another's jobs. */
export interface TrackedJobRepository {
  /** Inserts the job unless this user already tracks this posting; `created` says which. */
  insertOnce(job: TrackedJob): Promise<{ job: TrackedJob; created: boolean }>;
  find(userKey: string, jobId: string): Promise<TrackedJob | undefined>;
  findMany(userKey: string, jobIds: readonly string[]): Promise<TrackedJob[]>;
  /** Newest first. */
  list(userKey: string, query: JobQuery): Promise<{ jobs: TrackedJob[]; total: number }>;
  /**
   * Moves the job to a status at once, for the request `moveId`; the job as it was, or undefined when it is not
   * the user's, is in that status already, or was moved by this request before (delivered again, even after
   * other moves).
   */
  moveStatus(userKey: string, jobId: string, move: { to: Status; at: Date; moveId: string }): Promise<TrackedJob | undefined>;
  /** Replaces the copy of the job's newest notes. */
  setLatestNotes(userKey: string, jobId: string, notes: Note[]): Promise<void>;
  /** Brings every user's copies of a posting's fields up to date; only jobs whose copies differ are written. The number written. */
  refreshCopies(postingId: string, copies: PostingCopies): Promise<number>;
  delete(userKey: string, jobId: string): Promise<boolean>;
  /** Ids of postings somebody tracks in one of `statuses` (for the daily re-check). */
  postingIdsInStatuses(statuses: readonly Status[], limit: number): Promise<string[]>;
  /** Everyone's tracking of a posting in one of `statuses` (across users: for notices only). */
  trackersOf(postingId: string, statuses: readonly Status[]): Promise<TrackedJob[]>;
  ensureIndexes(): Promise<void>;
}
