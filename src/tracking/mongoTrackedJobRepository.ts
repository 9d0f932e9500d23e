import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../db/mongo';
import type { Status, TrackedJob, TrackedJobRepository } from './trackedJob';

interface TrackedJobDocument {
  _id: string;
  userKey: string;
  postingId: string;
  status: Status;
  createdAt: Date;
  updatedAt: Date;
  statusChangedAt: Date;
}

/** Tracked jobs in the `trackedJobs` collection. */
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

  async ensureIndexes(): Promise<void> {
    await this.jobs.createIndex({ userKey: 1, createdAt: -1 });
    await this.jobs.createIndex({ userKey: 1, postingId: 1 }, { unique: true });
    await this.jobs.createIndex({ postingId: 1 });
  }
}

function toDocument(job: TrackedJob): TrackedJobDocument {
  const { id, ...rest } = job;
  return { _id: id, ...rest };
}

function toJob(doc: TrackedJobDocument): TrackedJob {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
