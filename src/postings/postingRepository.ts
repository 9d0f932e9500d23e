import type { Collection, Db } from 'mongodb';
import { upsertWithRetry } from '../db/mongo';
import { extractedPostingSchema, type Posting } from './posting';

/** Storage of postings, one per canonical URL. */
export interface PostingRepository {
  find(id: string): Promise<Posting | undefined>;
  /** Inserts or replaces the posting with this id. */
  save(posting: Posting): Promise<void>;
  findMany(ids: string[]): Promise<Posting[]>;
  /** Records a re-check: still open (and when), or closed. */
  markChecked(id: string, open: boolean, at: Date): Promise<void>;
  ensureIndexes(): Promise<void>;
}

type PostingDocument = Omit<Posting, 'id'> & { _id: string };

/** Postings in the `postings` collection. */
export class MongoPostingRepository implements PostingRepository {
  private readonly postings: Collection<PostingDocument>;

  constructor(db: Db) {
    this.postings = db.collection<PostingDocument>('postings');
  }

  async find(id: string): Promise<Posting | undefined> {
    const doc = await this.postings.findOne({ _id: id });
    return doc ? toPosting(doc) : undefined;
  }

  async findMany(ids: string[]): Promise<Posting[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const docs = await this.postings.find({ _id: { $in: unique } }).toArray();
    return docs.map(toPosting);
  }

  async save(posting: Posting): Promise<void> {
    // Validated here so nothing half-formed ever reaches the collection.
    extractedPostingSchema.parse(stripStored(posting));
    const { id, ...rest } = posting;
    await upsertWithRetry(() => this.postings.replaceOne({ _id: id }, withoutUndefined(rest), { upsert: true }));
  }

  async markChecked(id: string, open: boolean, at: Date): Promise<void> {
    await this.postings.updateOne({ _id: id }, { $set: { open, lastCheckedAt: at } });
  }

  async ensureIndexes(): Promise<void> {
    await this.postings.createIndex({ open: 1, lastCheckedAt: 1 });
  }
}

function stripStored(posting: Posting) {
  const { id: _id, canonicalUrl: _c, fetchedAt: _f, lastCheckedAt: _l, open: _o, ...extracted } = posting;
  return extracted;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function toPosting(doc: PostingDocument): Posting {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
