import type { Collection, Db, Filter } from 'mongodb';
import { isDuplicateKey } from '../db/mongo';
import type { JobQuery, Note, Status, TrackedJob, TrackedJobRepository } from './trackedJob';

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
}

/**
 * Tracked jobs in the `trackedJobs` collection. Ownership is enforced here: every read returns a job only
 * to its owner, and every write to one job first reads it that way.
 *
 * A single job is looked up by `{_id}` alone and its `userKey` compared here, not in the filter: FerretDB
 * 1.x (SQLite) hands a filter to the database only when it is exactly `{_id: <string>}`; any other filter
 * (`{_id, userKey}`, `{_id: {$in}}`) decodes and matches every document of the collection in FerretDB,
 * which made each turn cost a second of database CPU at 4,000 jobs. On MongoDB and Cosmos DB both are an
 * `_id` index lookup.
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
    const doc = await this.jobs.findOne({ _id: jobId });
    return doc && doc.userKey === userKey ? toJob(doc) : undefined;
  }

  async findMany(userKey: string, jobIds: readonly string[]): Promise<TrackedJob[]> {
    const unique = [...new Set(jobIds)];
    if (unique.length === 0) return [];
    // A page's worth (a comparison, a reminder list) by one `{_id}` lookup each (see the class comment); more with one query.
    const jobs =
      unique.length <= LOOKUPS_PER_ID_UP_TO
        ? await Promise.all(unique.map((id) => this.find(userKey, id)))
        : (await this.jobs.find({ _id: { $in: unique }, userKey }).toArray()).map(toJob);
    const byId = new Map(jobs.flatMap((job) => (job ? [[job.id, job] as const] : [])));
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

  async setStatus(userKey: string, jobId: string, status: Status, at: Date): Promise<{ job: TrackedJob; changed: boolean } | undefined> {
    const job = await this.find(userKey, jobId);
    if (!job) return undefined;
    if (job.status === status) return { job, changed: false };
    // Read, then write by `_id` alone (see the class comment): two different requests racing to the same
    // status may both report a change, and so both be recorded in the journey (a retry of one request is
    // still recorded once: its event id comes from the request).
    const result = await this.jobs.updateOne({ _id: jobId }, { $set: { status, statusChangedAt: at, updatedAt: at } });
    if (result.matchedCount === 0) return undefined;
    return { job: { ...job, status, statusChangedAt: at, updatedAt: at }, changed: true };
  }

  async setLatestNotes(userKey: string, jobId: string, notes: Note[]): Promise<void> {
    if (await this.find(userKey, jobId)) await this.jobs.updateOne({ _id: jobId }, { $set: { latestNotes: notes } });
  }

  async setDetails(userKey: string, jobId: string, details: { title: string; company: string }): Promise<void> {
    if (!(await this.find(userKey, jobId))) return;
    await this.jobs.updateOne({ _id: jobId }, { $set: { ...details, search: `${details.title} ${details.company}`.toLowerCase() } });
  }

  async delete(userKey: string, jobId: string): Promise<boolean> {
    if (!(await this.find(userKey, jobId))) return false;
    const result = await this.jobs.deleteOne({ _id: jobId });
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

/** Up to this many jobs are read by one `_id` lookup each. */
const LOOKUPS_PER_ID_UP_TO = 20;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toDocument(job: TrackedJob): TrackedJobDocument {
  const { id, ...rest } = job;
  // A job being saved has no notes yet: the empty copy spares its cards a query on `events`.
  return { _id: id, ...rest, latestNotes: job.latestNotes ?? [], search: `${job.title} ${job.company}`.toLowerCase() };
}

function toJob(doc: TrackedJobDocument): TrackedJob {
  const { _id, search: _search, ...rest } = doc;
  return { id: _id, ...rest };
}
