import type { Collection, Db } from 'mongodb';
import { errorCatalogue, type ErrorCode } from '../errors';
import { jobSummarySchema } from './summary';
import type { CachedSummary, SummaryCache } from './summaryCache';

/**
 * Summaries live in their own `summaries` collection, `_id` = `postingId:contentHash`, rather than in a field of the
 * posting: the posting repository replaces whole documents when a posting is re-read, which would drop the field.
 */
interface SummaryDocument {
  _id: string;
  postingId: string;
  contentHash: string;
  summary: unknown;
  at: Date;
  fellBack?: string;
}

/** Summaries in the `summaries` collection. */
export class MongoSummaryCache implements SummaryCache {
  private readonly summaries: Collection<SummaryDocument>;

  constructor(db: Db) {
    this.summaries = db.collection<SummaryDocument>('summaries');
  }

  async get(postingId: string, contentHash: string): Promise<CachedSummary | undefined> {
    const doc = await this.summaries.findOne({ _id: cacheKey(postingId, contentHash) });
    return doc ? toCachedSummary(doc) : undefined;
  }

  async put(postingId: string, contentHash: string, entry: CachedSummary): Promise<void> {
    const _id = cacheKey(postingId, contentHash);
    const doc: SummaryDocument = { _id, postingId, contentHash, summary: entry.summary, at: entry.at };
    if (entry.fellBack) doc.fellBack = entry.fellBack;
    await this.summaries.replaceOne({ _id }, doc, { upsert: true });
    // One summary per posting: older versions of its text will not be asked for again.
    await this.summaries.deleteMany({ postingId, _id: { $ne: _id } });
  }

  async ensureIndexes(): Promise<void> {
    await this.summaries.createIndex({ postingId: 1 });
  }
}

function cacheKey(postingId: string, contentHash: string): string {
  return `${postingId}:${contentHash}`;
}

/** A stored summary that no longer fits the schema (an older shape) is a cache miss, not an error: it is simply written again. */
function toCachedSummary(doc: SummaryDocument): CachedSummary | undefined {
  const summary = jobSummarySchema.safeParse(doc.summary);
  if (!summary.success) return undefined;
  const fellBack = doc.fellBack && doc.fellBack in errorCatalogue ? (doc.fellBack as ErrorCode) : undefined;
  return { summary: summary.data, at: doc.at, ...(fellBack ? { fellBack } : {}) };
}
