import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../db/mongo';

/** Kinds of moments in a job's journey. */
export type JourneyEventType = 'captured' | 'status' | 'note' | 'reminderSet' | 'reminderSent' | 'notice';

/** One moment in a job's journey (append-only, except that a user may delete their notes). */
export interface JourneyEvent {
  /** From the Teams activity id where there is one, so a retried request is recorded once. */
  id: string;
  userKey: string;
  jobId: string;
  type: JourneyEventType;
  at: Date;
  data: Record<string, string | number | boolean | undefined>;
}

/** Storage of journey events. Every call names the owner. */
export interface EventRepository {
  /** Appends the event; `false` when an event with the same id was already recorded. */
  append(event: JourneyEvent): Promise<boolean>;
  /** The job's events, oldest first. */
  listForJob(userKey: string, jobId: string): Promise<JourneyEvent[]>;
  /** The newest events of a type, newest first. */
  latest(userKey: string, jobId: string, type: JourneyEventType, limit: number): Promise<JourneyEvent[]>;
  countForJobs(userKey: string, jobIds: readonly string[]): Promise<Map<string, number>>;
  deleteOne(userKey: string, jobId: string, eventId: string, type: JourneyEventType): Promise<boolean>;
  deleteForJob(userKey: string, jobId: string): Promise<void>;
  ensureIndexes(): Promise<void>;
}

interface EventDocument extends Omit<JourneyEvent, 'id'> {
  _id: string;
}

/** Journey events in the `events` collection. */
export class MongoEventRepository implements EventRepository {
  private readonly events: Collection<EventDocument>;

  constructor(db: Db) {
    this.events = db.collection<EventDocument>('events');
  }

  async append(event: JourneyEvent): Promise<boolean> {
    const { id, ...rest } = event;
    try {
      await this.events.insertOne({ _id: id, ...rest });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async listForJob(userKey: string, jobId: string): Promise<JourneyEvent[]> {
    const docs = await this.events.find({ userKey, jobId }).sort({ at: 1 }).limit(1000).toArray();
    return docs.map(toEvent);
  }

  async latest(userKey: string, jobId: string, type: JourneyEventType, limit: number): Promise<JourneyEvent[]> {
    const docs = await this.events.find({ userKey, jobId, type }).sort({ at: -1 }).limit(limit).toArray();
    return docs.map(toEvent);
  }

  async countForJobs(userKey: string, jobIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.events
      .aggregate<{ _id: string; count: number }>([{ $match: { userKey, jobId: { $in: [...jobIds] } } }, { $group: { _id: '$jobId', count: { $sum: 1 } } }])
      .toArray();
    return new Map(rows.map((row) => [row._id, row.count]));
  }

  async deleteOne(userKey: string, jobId: string, eventId: string, type: JourneyEventType): Promise<boolean> {
    const result = await this.events.deleteOne({ _id: eventId, userKey, jobId, type });
    return result.deletedCount > 0;
  }

  async deleteForJob(userKey: string, jobId: string): Promise<void> {
    await this.events.deleteMany({ userKey, jobId });
  }

  async ensureIndexes(): Promise<void> {
    await this.events.createIndex({ userKey: 1, jobId: 1, at: 1 });
    await this.events.createIndex({ userKey: 1, jobId: 1, type: 1, at: -1 });
  }
}

function toEvent({ _id, ...rest }: EventDocument): JourneyEvent {
  return { id: _id, ...rest };
}
