import type { Collection, Db, Filter } from 'mongodb';
import { isDuplicateKey } from '../db/mongo';
import type { JobQuery, Note, PostingCopies, Status, TrackedJob, TrackedJobRepository } from './trackedJob';

interface TrackedJobDocument {
  _id: string;
  userKey: string;
  postingId: string;
  status: Status;
  title: string;
  company: string;
  /** Lower-case "title company", for the collection's text filter (portable: no text index). */
  search: string;
  createdAt: Date;
  updatedAt: Date;
  statusChangedAt: Date;
  latestNotes?: Note[];
  /** The requests that moved the job (a few in a job's life), so one delivered again moves nothing. */
  moveIds?: string[];
}

/**
 * Tracked jobs in the `trackedJobs` collection. Ownership is enforced here: every read and write of one job
 * names its owner in the filter (`{_id, userKey}`), so a job reaches only its owner.
 *
 * The embedded FerretDB is built to hand such filters to SQLite (src/db/ferretdb.ts): the `_id` is searched in
 * its unique index and a user's list in the `userKey` indexes, as on MongoDB and Cosmos DB.
 */
export class MongoTrackedJobRepository implements TrackedJobRepository {
  private readonly jobs: Collection<TrackedJobDocument>;

  constructor(db: Db) {
    this.jobs = db.collection<TrackedJobDocument>('trackedJobs');
  }

  async insertOnce(job: TrackedJob): Promise<{ job: TrackedJob; created: boolean }> {
    try {
      await this.jobs.insertOne(toDocument(job));
      return { job, created: true };
    } catch (error) {
      // The id is derived from (user, posting): a duplicate means this user already tracks it.
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.find(job.userKey, job.id);
      if (!existing) throw error;
      return { job: existing, created: false };
    }
  }

  async find(userKey: string, jobId: string): Promise<TrackedJob | undefined> {
    const doc = await this.jobs.findOne({ _id: jobId, userKey });
    return doc ? toJob(doc) : undefined;
  }

  async findMany(userKey: string, jobIds: readonly string[]): Promise<TrackedJob[]> {
    const unique = [...new Set(jobIds)];
    if (unique.length === 0) return [];
    const docs = await this.jobs.find({ _id: { $in: unique }, userKey }).toArray();
    const byId = new Map(docs.map((doc) => [doc._id, toJob(doc)] as const));
    return jobIds.flatMap((id) => byId.get(id) ?? []);
  }

  async list(userKey: string, query: JobQuery): Promise<{ jobs: TrackedJob[]; total: number }> {
    const filter: Filter<TrackedJobDocument> = { userKey };
    if (query.status) filter.status = query.status;
    const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    // User text becomes a literal pattern, never a regex of theirs.
    if (words.length > 0) filter.$and = words.map((word) => ({ search: { $regex: escapeRegex(word) } }));
    const [docs, total] = await Promise.all([
      this.jobs.find(filter).sort({ createdAt: -1 }).skip(query.skip).limit(query.limit).toArray(),
      this.jobs.countDocuments(filter),
    ]);
    return { jobs: docs.map(toJob), total };
  }

  async moveStatus(userKey: string, jobId: string, move: { to: Status; at: Date; moveId: string }): Promise<TrackedJob | undefined> {
    // One command that reads and writes: on MongoDB, Cosmos DB and the embedded build, of two moves at once each
    // sees the status the other left. (That a request is recorded once rests on its event's _id, not on this.)
    const before = await this.jobs.findOneAndUpdate(
      { _id: jobId, userKey, status: { $ne: move.to }, moveIds: { $ne: move.moveId } },
      { $set: { status: move.to, statusChangedAt: move.at, updatedAt: move.at }, $push: { moveIds: move.moveId } },
      { returnDocument: 'before' },
    );
    return before ? toJob(before) : undefined;
  }

  async setLatestNotes(userKey: string, jobId: string, notes: Note[]): Promise<void> {
    await this.jobs.updateOne({ _id: jobId, userKey }, { $set: { latestNotes: notes } });
  }

  async refreshCopies(postingId: string, copies: PostingCopies): Promise<number> {
    const { locationText, ...always } = copies;
    const differs: Filter<TrackedJobDocument>[] = [{ title: { $ne: copies.title } }, { company: { $ne: copies.company } }, { remote: { $ne: copies.remote } }];
    differs.push(locationText === undefined ? { locationText: { $exists: true } } : { locationText: { $ne: locationText } });
    const set = { ...always, search: searchOf(copies) };
    const update = locationText === undefined ? { $set: set, $unset: { locationText: '' as const } } : { $set: { ...set, locationText } };
    const result = await this.jobs.updateMany({ postingId, $or: differs }, update);
    return result.modifiedCount;
  }

  async delete(userKey: string, jobId: string): Promise<boolean> {
    const result = await this.jobs.deleteOne({ _id: jobId, userKey });
    return result.deletedCount > 0;
  }

  async postingIdsInStatuses(statuses: readonly Status[], limit: number): Promise<string[]> {
    const rows = await this.jobs
      .aggregate<{ _id: string }>([{ $match: { status: { $in: [...statuses] } } }, { $group: { _id: '$postingId' } }, { $limit: limit }])
      .toArray();
    return rows.map((row) => row._id);
  }

  async trackersOf(postingId: string, statuses: readonly Status[]): Promise<TrackedJob[]> {
    const docs = await this.jobs.find({ postingId, status: { $in: [...statuses] } }).toArray();
    return docs.map(toJob);
  }

  async ensureIndexes(): Promise<void> {
    await this.jobs.createIndex({ userKey: 1, createdAt: -1 });
    await this.jobs.createIndex({ userKey: 1, status: 1, createdAt: -1 });
    await this.jobs.createIndex({ userKey: 1, postingId: 1 }, { unique: true });
    await this.jobs.createIndex({ postingId: 1, status: 1 });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What the collection's text filter looks in. */
function searchOf(job: Pick<TrackedJob, 'title' | 'company'>): string {
  return `${job.title} ${job.company}`.toLowerCase();
}

function toDocument(job: TrackedJob): TrackedJobDocument {
  const { id, ...rest } = job;
  // A job being saved has no notes yet: the empty copy spares its cards a query on `events`.
  return { _id: id, ...rest, latestNotes: job.latestNotes ?? [], search: searchOf(job) };
}

function toJob(doc: TrackedJobDocument): TrackedJob {
  const { _id, search: _search, moveIds: _moveIds, ...rest } = doc;
  return { id: _id, ...rest };
}
