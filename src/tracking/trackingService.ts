import { AppError } from '../errors';
import { contentId } from '../postings/canonicalUrl';
import type { Posting, Remote } from '../postings/posting';
import type { PostingReader } from '../postings/postingReader';
import type { PostingRepository } from '../postings/postingRepository';
import type { UserRepository } from '../profile/user';
import type { EventRepository, JourneyEvent } from './events';
import { postingCopies, type JobQuery, type Note, type Status, type TrackedJob, type TrackedJobRepository } from './trackedJob';

export type { Note } from './trackedJob';

/** A job as a user sees it: their tracking and the posting it points at. */
export interface JobView {
  job: TrackedJob;
  posting: Posting;
  /** Set by saving: false when the user already had this job before this request. */
  created?: boolean;
  /** The newest notes first (at most three), when asked for. */
  notes?: Note[];
}

/** One page of the saved collection: the jobs, with their copies of the posting's fields for the rows. */
export interface JobPage {
  items: Array<TrackedJob & { remote: Remote }>;
  total: number;
  /** Zero-based. */
  page: number;
  pageSize: number;
  query: { status?: Status; text?: string };
}

/** What a job reference in a text command ("2", "contoso") points at. */
export type JobMatch = { kind: 'one'; view: JobView } | { kind: 'many'; candidates: JobView[] } | { kind: 'none' };

/** Notes longer than this are refused with a clear message. */
export const MAX_NOTE_LENGTH = 2000;
/** A link refused by a bot-walled site waits this long for the user to paste its text. */
const AWAIT_TEXT_FOR_MS = 60 * 60 * 1000;
/** Rows per page of the collection. */
export const PAGE_SIZE = 10;
/** Notes a job's card shows (and the job keeps a copy of). */
const LATEST_NOTES = 3;

/** The user's collection of jobs and their journey. Every call is scoped to one user key. */
export class TrackingService {
  constructor(
    private readonly deps: {
      jobs: TrackedJobRepository;
      events: EventRepository;
      postings: PostingRepository;
      users: UserRepository;
      reader: PostingReader;
      /** Told about each job newly saved (expiry notices are planned from it). */
      onSaved?: (view: JobView) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  /** Saves the job a link names into the user's collection (once: a second paste finds the first). */
  async saveFromUrl(userKey: string, url: string, requestId: string): Promise<JobView> {
    const { postingId } = this.deps.reader.identify(url);
    const existing = await this.findByPosting(userKey, postingId);
    if (existing) return { ...existing, created: false };
    const posting = await this.deps.reader.read(url, { requesterKey: userKey });
    return this.track(userKey, posting, requestId);
  }

  /**
   * Saves a posting the user pasted as text. When a link of theirs was just refused by a site that
   * blocks bots, the text becomes that link's posting.
   */
  async saveFromText(userKey: string, text: string, requestId: string): Promise<JobView> {
    const user = await this.deps.users.find(userKey);
    const waiting = user?.awaitingTextFor;
    const url = waiting && this.now().getTime() - waiting.since.getTime() < AWAIT_TEXT_FOR_MS ? waiting.url : undefined;
    const view = await this.attachText(userKey, text, requestId, url);
    if (waiting) await this.deps.users.setAwaitingText(userKey, undefined, this.now());
    return view;
  }

  /** Saves pasted posting text, as the posting of `url` when given (a link whose site blocks bots). */
  async attachText(userKey: string, text: string, requestId: string, url?: string): Promise<JobView> {
    const posting = await this.deps.reader.fromText(text, url);
    return this.track(userKey, posting, requestId);
  }

  /** Remembers a link whose site refused us, so the posting text the user pastes next is attached to it. */
  async awaitTextFor(userKey: string, url: string): Promise<void> {
    await this.deps.users.setAwaitingText(userKey, url, this.now());
  }

  /** Fills in the title and company of a pasted posting in the user's collection. */
  async completeDetails(userKey: string, postingId: string, fields: { title?: string; company?: string }): Promise<JobView> {
    const view = await this.findByPosting(userKey, postingId);
    if (!view) throw new AppError('JOB_NOT_FOUND');
    const posting = await this.deps.reader.complete(postingId, fields);
    return { ...view, posting, job: { ...view.job, ...postingCopies(posting) } };
  }

  /** Saves an already stored posting into the user's collection (a card shared in a group, say). */
  async saveStoredPosting(userKey: string, postingId: string, requestId: string): Promise<JobView> {
    const existing = await this.findByPosting(userKey, postingId);
    if (existing) return { ...existing, created: false };
    const posting = await this.deps.postings.find(postingId);
    if (!posting) throw new AppError('JOB_NOT_FOUND');
    return this.track(userKey, posting, requestId);
  }

  /** What a user sees of a posting: their tracking of it, or just the posting when they have not saved it. */
  async viewOf(userKey: string, postingId: string): Promise<JobView | { posting: Posting } | undefined> {
    const tracked = await this.findByPosting(userKey, postingId);
    if (tracked) return tracked;
    const posting = await this.deps.postings.find(postingId);
    return posting ? { posting } : undefined;
  }

  /** The user's tracking of a posting, if they have one. */
  async findByPosting(userKey: string, postingId: string): Promise<JobView | undefined> {
    return this.find(userKey, trackedJobId(userKey, postingId));
  }

  /** The user's job with its posting and latest notes; undefined when it is not theirs or does not exist. */
  async find(userKey: string, jobId: string): Promise<JobView | undefined> {
    const job = await this.deps.jobs.find(userKey, jobId);
    if (!job) return undefined;
    const [posting, notes] = await Promise.all([this.deps.postings.find(job.postingId), this.notesOf(job)]);
    return posting ? { job, posting, notes } : undefined;
  }

  /** Like `find`, but a missing job is an error the user is told about. */
  async getOrThrow(userKey: string, jobId: string): Promise<JobView> {
    const view = await this.find(userKey, jobId);
    if (!view) throw new AppError('JOB_NOT_FOUND');
    return view;
  }

  /** Moves the job to a status and records the change once, however often the same request arrives. */
  async setStatus(userKey: string, jobId: string, status: Status, requestId: string): Promise<JobView> {
    const now = this.now();
    const before = await this.deps.jobs.moveStatus(userKey, jobId, { to: status, at: now, moveId: requestId });
    // Not the user's job (an error), in that status already, or moved by this same request before: nothing to record.
    if (!before) return this.getOrThrow(userKey, jobId);
    return this.recordMove(before, this.deps.postings.find(before.postingId), status, requestId, now);
  }

  /** Moves the user's job for a posting to a status; a posting they have not saved (a shared card) is saved for them first. */
  async setStatusOfPosting(userKey: string, postingId: string, status: Status, requestId: string): Promise<JobView> {
    const now = this.now();
    const posting = this.deps.postings.find(postingId); // read while the job moves
    const move = this.deps.jobs.moveStatus(userKey, trackedJobId(userKey, postingId), { to: status, at: now, moveId: requestId });
    const [moved] = await Promise.allSettled([move, posting]);
    if (moved.status === 'rejected') throw moved.reason;
    if (moved.value) return this.recordMove(moved.value, posting, status, requestId, now);
    const view = (await this.findByPosting(userKey, postingId)) ?? (await this.saveStoredPosting(userKey, postingId, requestId));
    return view.job.status === status ? view : this.setStatus(userKey, view.job.id, status, requestId);
  }

  /**
   * Records a move made, then gives the job as it is now with its posting (read meanwhile: a failed read
   * fails the request only once the move is recorded). The event's id is the request's: recorded once.
   */
  private async recordMove(before: TrackedJob, posting: Promise<Posting | undefined>, status: Status, requestId: string, now: Date): Promise<JobView> {
    const { userKey, id: jobId, status: from } = before;
    // Of two moves at once, the one that saw the other's may have read the clock first: it still comes after.
    const at = new Date(Math.max(now.getTime(), before.statusChangedAt.getTime() + 1));
    const event = this.deps.events.append({ id: `status:${requestId}`, userKey, jobId, type: 'status', at, data: { from, to: status } });
    const [recorded, read] = await Promise.allSettled([event, posting]);
    if (recorded.status === 'rejected') throw recorded.reason;
    if (read.status === 'rejected') throw read.reason;
    if (!read.value) throw new AppError('JOB_NOT_FOUND');
    const job = { ...before, status, statusChangedAt: now, updatedAt: now };
    return { job, posting: read.value, notes: await this.notesOf(job) };
  }

  /** Adds a note to the job. */
  async addNote(userKey: string, jobId: string, text: string, requestId: string): Promise<JobView> {
    const note = text.trim();
    if (!note) throw new AppError('NOTE_EMPTY');
    if (note.length > MAX_NOTE_LENGTH) throw new AppError('NOTE_TOO_LONG');
    const before = await this.getOrThrow(userKey, jobId);
    await this.deps.events.append({ id: `note:${requestId}`, userKey, jobId, type: 'note', at: this.now(), data: { text: note } });
    // The copy is rebuilt from the journey after the append, so two notes added at once both end up in it.
    const notes = await this.latestNotesFromEvents(userKey, jobId);
    await this.deps.jobs.setLatestNotes(userKey, jobId, notes);
    return { ...before, job: { ...before.job, latestNotes: notes }, notes };
  }

  /** Deletes one of the job's notes. */
  async deleteNote(userKey: string, jobId: string, noteId: string): Promise<JobView> {
    await this.getOrThrow(userKey, jobId);
    const deleted = await this.deps.events.deleteOne(userKey, jobId, noteId, 'note');
    if (!deleted) throw new AppError('NOTE_NOT_FOUND');
    // Rare: the copy is rebuilt from the journey.
    await this.deps.jobs.setLatestNotes(userKey, jobId, await this.latestNotesFromEvents(userKey, jobId));
    return this.getOrThrow(userKey, jobId);
  }

  /** Every event of the job, oldest first. */
  async timeline(userKey: string, jobId: string): Promise<{ view: JobView; events: JourneyEvent[] }> {
    const view = await this.getOrThrow(userKey, jobId);
    return { view, events: await this.deps.events.listForJob(userKey, jobId) };
  }

  /** A page of the user's collection, newest first; remembers the page so its numbers can name jobs. */
  async list(userKey: string, query: { status?: Status; text?: string; page?: number }): Promise<JobPage> {
    const page = Math.max(0, Math.min(query.page ?? 0, 10_000));
    const text = query.text?.trim().slice(0, 100) || undefined;
    const jobQuery: JobQuery = { status: query.status, text, skip: page * PAGE_SIZE, limit: PAGE_SIZE };
    const { jobs, total } = await this.deps.jobs.list(userKey, jobQuery);
    const items = await this.withRowCopies(jobs);
    await this.deps.users.setLastList(userKey, items.map((job) => job.id));
    return { items, total, page, pageSize: PAGE_SIZE, query: { status: query.status, text } };
  }

  /** Removes the job and its journey from the user's collection. */
  async remove(userKey: string, jobId: string): Promise<TrackedJob> {
    const { job } = await this.getOrThrow(userKey, jobId);
    await this.deps.jobs.delete(userKey, jobId);
    await this.deps.events.deleteForJob(userKey, jobId);
    return job;
  }

  /** Two to four of the user's jobs, in the order asked. */
  async forComparison(userKey: string, jobIds: readonly string[]): Promise<JobView[]> {
    const unique = [...new Set(jobIds)];
    if (unique.length < 2 || unique.length > 4) throw new AppError('COMPARE_COUNT');
    const jobs = await this.deps.jobs.findMany(userKey, unique);
    if (jobs.length !== unique.length) throw new AppError('JOB_NOT_FOUND');
    return this.withPostings(jobs);
  }

  /** Finds the job a person means by a number from their last list or a word of its company or title. */
  async resolve(userKey: string, reference: string): Promise<JobMatch> {
    const ref = reference.trim();
    if (/^\d{1,3}$/.test(ref)) {
      const user = await this.deps.users.find(userKey);
      const jobId = user?.lastList[Number(ref) - 1];
      const view = jobId ? await this.find(userKey, jobId) : undefined;
      return view ? { kind: 'one', view } : { kind: 'none' };
    }
    const { jobs } = await this.deps.jobs.list(userKey, { text: ref, skip: 0, limit: 6 });
    if (jobs.length === 0) return { kind: 'none' };
    const views = await this.withPostings(jobs);
    if (views.length === 1) return { kind: 'one', view: { ...views[0], notes: await this.notesOf(views[0].job) } };
    return { kind: 'many', candidates: views };
  }

  /** The jobs a number list ("1 3 4") names in the user's last list, to compare, and the user's skills (one read of the user for both). */
  async forComparisonByNumbers(userKey: string, numbers: readonly number[]): Promise<{ views: JobView[]; skills: string[] }> {
    const user = await this.deps.users.find(userKey);
    const ids = numbers.map((n) => user?.lastList[n - 1]);
    if (ids.some((id) => !id)) throw new AppError('JOB_NOT_FOUND');
    return { views: await this.forComparison(userKey, ids as string[]), skills: user?.skills ?? [] };
  }

  private async track(userKey: string, posting: Posting, requestId: string): Promise<JobView> {
    const now = this.now();
    const { job, created } = await this.deps.jobs.insertOnce(newTrackedJob(userKey, posting, now));
    if (!created) return { job, posting, created, notes: await this.notesOf(job) };
    await this.deps.events.append({ id: `captured:${requestId}:${job.id}`, userKey, jobId: job.id, type: 'captured', at: now, data: { status: 'saved' } });
    const view: JobView = { job, posting, created, notes: [] };
    await this.deps.onSaved?.(view);
    return view;
  }

  /** The jobs with their copies of the posting's fields; those saved before the copies existed read their postings. */
  private async withRowCopies(jobs: TrackedJob[]): Promise<JobPage['items']> {
    const older = jobs.filter((job) => job.remote === undefined);
    const postings = new Map((await this.deps.postings.findMany(older.map((job) => job.postingId))).map((p) => [p.id, p]));
    return jobs.map((job) => {
      if (job.remote !== undefined) return { ...job, remote: job.remote };
      const posting = postings.get(job.postingId);
      return { ...job, ...(posting && postingCopies(posting)), remote: posting?.remote ?? 'unknown' };
    });
  }

  private async withPostings(jobs: TrackedJob[]): Promise<JobView[]> {
    const postings = new Map((await this.deps.postings.findMany(jobs.map((j) => j.postingId))).map((p) => [p.id, p]));
    return jobs.flatMap((job) => {
      const posting = postings.get(job.postingId);
      return posting ? [{ job, posting }] : [];
    });
  }

  /** The job's newest notes: the copy kept with the job, or from the journey for a job saved before the copy existed. */
  private async notesOf(job: TrackedJob): Promise<Note[]> {
    return job.latestNotes ?? this.latestNotesFromEvents(job.userKey, job.id);
  }

  private async latestNotesFromEvents(userKey: string, jobId: string): Promise<Note[]> {
    const events = await this.deps.events.latest(userKey, jobId, 'note', LATEST_NOTES);
    return events.map((e) => ({ id: e.id, text: String(e.data.text ?? ''), at: e.at }));
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** The id of a user's tracking of a posting: deterministic, so a duplicate insert is refused by `_id` alone. */
export function trackedJobId(userKey: string, postingId: string): string {
  return `j${contentId(`${userKey}\n${postingId}`).slice(0, 23)}`;
}

/** A user's new tracking of a posting: Saved, with the copies of the posting's fields the collection lists. */
export function newTrackedJob(userKey: string, posting: Posting, now: Date): TrackedJob {
  return {
    id: trackedJobId(userKey, posting.id),
    userKey,
    postingId: posting.id,
    status: 'saved',
    ...postingCopies(posting),
    createdAt: now,
    updatedAt: now,
    statusChangedAt: now,
  };
}
