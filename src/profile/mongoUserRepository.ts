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
  /**
   * Users this process found up to date lately, with what their turn told: their next turns within
   * RECHECK_AFTER_MS that tell the same need no database at all. Another process that marks one unreachable
   * is noticed once the entry is older than that.
   */
  private readonly upToDate = new Map<string, { told: string; at: number }>();
  /** Counts calls of setReachable, so a remember that overlapped one does not vouch for the user. */
  private reachabilityChanges = 0;

  constructor(db: Db) {
    this.users = db.collection<UserDocument>('users');
  }

  async remember(key: string, seen: { conversation?: ConversationReferenceData; timeZone?: string }, now: Date): Promise<{ wasUnreachable: boolean }> {
    const told = storedForm(seen);
    const recent = this.upToDate.get(key);
    if (recent && recent.told === told && now.getTime() - recent.at < RECHECK_AFTER_MS) return { wasUnreachable: false };
    const changesBefore = this.reachabilityChanges;
    // Most turns change nothing: a read spares them a write (FerretDB and Cosmos DB charge far more for one).
    const known = await this.users.findOne({ _id: key });
    let wasUnreachable = false;
    if (!known || !isUpToDate(known, seen, now)) {
      const set: Partial<UserDocument> = { updatedAt: now, reachable: true };
      if (seen.conversation) set.conversation = seen.conversation;
      if (seen.timeZone) set.timeZone = seen.timeZone;
      // No projection: FerretDB 1.x does not implement one on findAndModify.
      const before = await upsertWithRetry(() =>
        this.users.findOneAndUpdate({ _id: key }, { $set: set, $setOnInsert: { createdAt: now, skills: [] } }, { upsert: true, returnDocument: 'before' }),
      );
      wasUnreachable = before?.reachable === false;
    }
    this.upToDate.delete(key); // re-inserted last, so the oldest entries are the first to go
    if (this.reachabilityChanges === changesBefore) this.upToDate.set(key, { told, at: now.getTime() });
    if (this.upToDate.size > UP_TO_DATE_ENTRIES) this.upToDate.delete(this.upToDate.keys().next().value!);
    return { wasUnreachable };
  }

  async setReachable(key: string, reachable: boolean): Promise<void> {
    this.reachabilityChanges += 1;
    this.upToDate.delete(key);
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

  async setLastList(key: string, jobIds: string[]): Promise<boolean> {
    const lastList = jobIds.slice(0, 50);
    // The same page shown again (often) is not written again.
    const result = await this.users.updateOne({ _id: key, lastList: { $ne: lastList } }, { $set: { lastList } });
    return result.modifiedCount > 0;
  }

  async ensureIndexes(): Promise<void> {
    await this.users.createIndex({ reachable: 1 });
  }
}

/** `updatedAt` says when the user was last seen, to within this. */
const SEEN_PRECISION_MS = 60 * 60 * 1000;
/** A user found up to date is looked at again after this long. */
const RECHECK_AFTER_MS = 60 * 1000;
/** Users remembered as up to date at most (about 100 bytes each). */
const UP_TO_DATE_ENTRIES = 10_000;

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
  return storedForm(a) === storedForm(b);
}

/** A value as it reads back once stored, as text: fields left undefined or null are gone. */
function storedForm(value: object | undefined): string {
  return JSON.stringify(value, (_key, field: unknown) => (field === null ? undefined : field)) ?? '';
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
