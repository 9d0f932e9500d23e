import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../db/mongo';
import type { ClaimResult, Reminder, ReminderKind, ReminderRepository } from './reminder';

type ReminderDocument = Omit<Reminder, 'id'> & { _id: string };

/** A worker whose lease ran out is taken over at most this many times; after that the reminder waits for a person. */
const MAX_TAKEOVERS = 20;

/**
 * A delivery claim. Its `_id` is `<reminder id>#<n>`: the database lets only one claim of each number exist,
 * and a claim is only ever written by the worker that inserted it, so no two workers race on one document.
 */
interface ClaimDocument {
  _id: string;
  reminderId: string;
  worker: string;
  state: 'sending' | 'sent';
  leaseUntil: Date;
  at: Date;
}

/** Reminders in `reminders`, delivery claims in `reminderDeliveries`. */
export class MongoReminderRepository implements ReminderRepository {
  private readonly reminders: Collection<ReminderDocument>;
  private readonly claims: Collection<ClaimDocument>;

  constructor(db: Db) {
    this.reminders = db.collection<ReminderDocument>('reminders');
    this.claims = db.collection<ClaimDocument>('reminderDeliveries');
  }

  async insertOnce(reminder: Reminder): Promise<boolean> {
    const { id, ...rest } = reminder;
    try {
      await this.reminders.insertOne({ _id: id, ...withoutUndefined(rest) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async find(userKey: string, reminderId: string): Promise<Reminder | undefined> {
    const doc = await this.reminders.findOne({ _id: reminderId, userKey });
    return doc ? toReminder(doc) : undefined;
  }

  async findById(reminderId: string): Promise<Reminder | undefined> {
    const doc = await this.reminders.findOne({ _id: reminderId });
    return doc ? toReminder(doc) : undefined;
  }

  async listPending(userKey: string, limit: number): Promise<Reminder[]> {
    const docs = await this.reminders.find({ userKey, state: 'pending' }).sort({ dueAt: 1 }).limit(limit).toArray();
    return docs.map(toReminder);
  }

  countPending(userKey: string): Promise<number> {
    return this.reminders.countDocuments({ userKey, state: 'pending' });
  }

  countDue(now: Date): Promise<number> {
    return this.reminders.countDocuments({ state: 'pending', retryAt: { $lte: now } });
  }

  async due(now: Date, limit: number): Promise<Reminder[]> {
    const docs = await this.reminders.find({ state: 'pending', retryAt: { $lte: now } }).sort({ retryAt: 1 }).limit(limit).toArray();
    return docs.map(toReminder);
  }

  async cancel(userKey: string, reminderId: string): Promise<boolean> {
    const result = await this.reminders.updateOne({ _id: reminderId, userKey, state: 'pending' }, { $set: { state: 'cancelled' } });
    return result.modifiedCount > 0;
  }

  async cancelForJob(userKey: string, jobId: string, kinds: readonly ReminderKind[]): Promise<number> {
    const result = await this.reminders.updateMany({ userKey, jobId, state: 'pending', kind: { $in: [...kinds] } }, { $set: { state: 'cancelled' } });
    return result.modifiedCount;
  }

  // Writes by `_id` alone: FerretDB passes only an exact `{_id}` filter to SQLite and reads the whole collection
  // for any other. Moving the next attempt of a reminder that is no longer pending changes nothing (`due` skips it).
  async retryLater(reminderId: string, retryAt: Date, countAttempt: boolean): Promise<void> {
    await this.reminders.updateOne({ _id: reminderId }, { $set: { retryAt }, ...(countAttempt ? { $inc: { attempts: 1 } } : {}) });
  }

  async holdForUser(reminderId: string, until: Date): Promise<void> {
    await this.reminders.updateOne({ _id: reminderId }, { $set: { held: true, retryAt: until } });
  }

  async resumeUser(userKey: string, at: Date): Promise<void> {
    await this.reminders.updateMany({ userKey, state: 'pending', held: true }, { $set: { retryAt: at }, $unset: { held: '' } });
  }

  async markSent(reminderId: string, at: Date): Promise<void> {
    await this.reminders.updateOne({ _id: reminderId }, { $set: { state: 'sent', sentAt: at } });
  }

  async claim(reminderId: string, worker: string, now: Date, leaseMs: number): Promise<ClaimResult> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    for (let n = 1; n <= MAX_TAKEOVERS; n++) {
      const claim: ClaimDocument = { _id: `${reminderId}#${n}`, reminderId, worker, state: 'sending', leaseUntil, at: now };
      if (await this.insertClaim(claim)) return { outcome: 'claimed', claimId: claim._id };
      const existing = await this.claims.findOne({ _id: claim._id });
      if (!existing) return { outcome: 'busy' }; // given back a moment ago: the next sweep takes it
      if (existing.state === 'sent') return { outcome: 'sent' };
      if (existing.leaseUntil.getTime() >= now.getTime()) return { outcome: 'busy' };
      // Its worker died mid-delivery: whoever inserts the next number takes over.
    }
    return { outcome: 'busy' };
  }

  async completeClaim(claimId: string, at: Date): Promise<void> {
    await this.claims.updateOne({ _id: claimId }, { $set: { state: 'sent', at } });
  }

  async releaseClaim(claimId: string): Promise<void> {
    await this.claims.deleteOne({ _id: claimId }); // only its worker writes a claim, and never releases one it completed
  }

  async ensureIndexes(): Promise<void> {
    await this.reminders.createIndex({ state: 1, retryAt: 1 });
    await this.reminders.createIndex({ userKey: 1, state: 1, dueAt: 1 });
    await this.reminders.createIndex({ userKey: 1, jobId: 1, state: 1 });
  }

  private async insertClaim(claim: ClaimDocument): Promise<boolean> {
    try {
      await this.claims.insertOne(claim);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}

function toReminder({ _id, ...rest }: ReminderDocument): Reminder {
  return { id: _id, ...rest };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
