import type { Collection, Db } from 'mongodb';
import { upsertWithRetry } from '../db/mongo';
import type { ConversationReferenceData, User, UserRepository } from './user';

interface UserDocument {
  _id: string;
  conversation?: ConversationReferenceData;
  timeZone?: string;
  skills?: string[];
  reachable?: boolean;
  lastList?: string[];
  awaitingTextFor?: { url: string; since: Date };
  expiryNoticeDays?: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Users in the `users` collection. */
export class MongoUserRepository implements UserRepository {
  private readonly users: Collection<UserDocument>;

  constructor(db: Db) {
    this.users = db.collection<UserDocument>('users');
  }

  async remember(key: string, seen: { conversation?: ConversationReferenceData; timeZone?: string }, now: Date): Promise<{ wasUnreachable: boolean }> {
    // Most turns change nothing: a read spares them a write (FerretDB and Cosmos DB charge far more for one).
    const known = await this.users.findOne({ _id: key });
    if (known && isUpToDate(known, seen, now)) return { wasUnreachable: false };
    const set: Partial<UserDocument> = { updatedAt: now, reachable: true };
    if (seen.conversation) set.conversation = seen.conversation;
    if (seen.timeZone) set.timeZone = seen.timeZone;
    // No projection: FerretDB 1.x does not implement one on findAndModify.
    const before = await upsertWithRetry(() =>
      this.users.findOneAndUpdate({ _id: key }, { $set: set, $setOnInsert: { createdAt: now, skills: [] } }, { upsert: true, returnDocument: 'before' }),
    );
    return { wasUnreachable: before?.reachable === false };
  }

  async setReachable(key: string, reachable: boolean): Promise<void> {
    await this.users.updateOne({ _id: key }, { $set: { reachable } });
  }

  async find(key: string): Promise<User | undefined> {
    const doc = await this.users.findOne({ _id: key });
    return doc ? toUser(doc) : undefined;
  }

  async setAwaitingText(key: string, url: string | undefined, now: Date): Promise<void> {
    const update = url ? { $set: { awaitingTextFor: { url, since: now } } } : { $unset: { awaitingTextFor: '' as const } };
    await this.users.updateOne({ _id: key }, update);
  }

  async setSkills(key: string, skills: string[]): Promise<void> {
    await this.users.updateOne({ _id: key }, { $set: { skills } });
  }

  async setExpiryNoticeDays(key: string, days: number | null): Promise<void> {
    await this.users.updateOne({ _id: key }, { $set: { expiryNoticeDays: days } });
  }

  async setLastList(key: string, jobIds: string[]): Promise<void> {
    await this.users.updateOne({ _id: key }, { $set: { lastList: jobIds.slice(0, 50) } });
  }

  async ensureIndexes(): Promise<void> {
    await this.users.createIndex({ reachable: 1 });
  }
}

/** `updatedAt` says when the user was last seen, to within this. */
const SEEN_PRECISION_MS = 60 * 60 * 1000;

/** The stored user already says what the turn tells: reachable, the same conversation and zone, seen lately. */
function isUpToDate(doc: UserDocument, seen: { conversation?: ConversationReferenceData; timeZone?: string }, now: Date): boolean {
  return (
    doc.reachable !== false &&
    now.getTime() - doc.updatedAt.getTime() < SEEN_PRECISION_MS &&
    (seen.timeZone === undefined || seen.timeZone === doc.timeZone) &&
    (seen.conversation === undefined || sameFields(seen.conversation, doc.conversation))
  );
}

/** Equal once stored: a field left undefined is stored as null (or not at all). */
function sameFields(a: object, b: object | undefined): boolean {
  const stored = (value: object | undefined) => JSON.stringify(value, (_key, field: unknown) => (field === null ? undefined : field));
  return stored(a) === stored(b);
}

function toUser(doc: UserDocument): User {
  return {
    key: doc._id,
    conversation: doc.conversation,
    timeZone: doc.timeZone,
    skills: doc.skills ?? [],
    lastList: doc.lastList ?? [],
    awaitingTextFor: doc.awaitingTextFor,
    expiryNoticeDays: doc.expiryNoticeDays,
    reachable: doc.reachable ?? true,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
