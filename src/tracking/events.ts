import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../db/mongo';

/** Kinds of moments in a job's journey. */
export type JourneyEventType = 'captured' | 'status' | 'note' | 'reminderSet' | 'reminderSent' | 'notice';

/** One moment in a job's journey (append-only). */
export interface JourneyEvent {
  /** From the Teams activity id where there is one, so a retried request is recorded once. */
  id: string;
  userKey: string;
  jobId: string;
  type: JourneyEventType;
  at: Date;
  data: Record<string, string | number | boolean | undefined>;
}

/** Storage of journey events. */
export interface EventRepository {
  /** Appends the event; `false` when an event with the same id was already recorded. */
  append(event: JourneyEvent): Promise<boolean>;
  listForJob(userKey: string, jobId: string): Promise<JourneyEvent[]>;
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
    const docs = await this.events.find({ userKey, jobId }).sort({ at: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }

  async ensureIndexes(): Promise<void> {
    await this.events.createIndex({ userKey: 1, jobId: 1, at: 1 });
  }
}
