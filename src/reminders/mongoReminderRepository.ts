import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../db/mongo';
import type { ClaimResult, Reminder, ReminderKind, ReminderRepository } from './reminder';

type ReminderDocument = Omit<Reminder, 'id'> & { _id: string };

/**
 * A delivery claim. Its `_id` is `<reminder id>#<n>`: the database lets only one claim of each number exist.
 * A claim is only ever written by the worker that inserted it, and not deleted while its reminder may still
 * be claimed: a number, once used, is never used again, so the claim with the highest number says where the
 * delivery stands. Once the reminder is marked sent and a day has passed, no sweep can meet it again, and
 * its claims are deleted (`forgetClaimsOfSent`).
 */
interface ClaimDocument {
  _id: string;
  reminderId: string;
  n: number;
  worker: string;
  /** `released`: given back without sending, to be tried again under the next number. */
  state: 'sending' | 'sent' | 'released';
  leaseUntil: Date;
  at: Date;
}

/** Claims deleted by one command at most. */
const DELETE_BATCH = 400;

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

  // Writes by `_id` alone. Moving the next attempt of a reminder that is no longer pending changes nothing (`due` skips it).
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
    const claimAs = (n: number): ClaimDocument => ({ _id: `${reminderId}#${n}`, reminderId, n, worker, state: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), at: now });
    // Most reminders are claimed once: try the first number before looking for the latest.
    const first = claimAs(1);
    if (await this.insertClaim(first)) return { outcome: 'claimed', claimId: first._id };
    const latest = await this.claims.find({ reminderId }).sort({ n: -1 }).limit(1).next();
    if (!latest) return { outcome: 'busy' }; // cannot be: the first claim exists
    if (latest.state === 'sent') return { outcome: 'sent' };
    if (latest.state === 'sending' && latest.leaseUntil.getTime() >= now.getTime()) return { outcome: 'busy' };
    // Given back, or its worker died mid-delivery (lease over): whoever inserts the next number has it.
    const next = claimAs(latest.n + 1);
    return (await this.insertClaim(next)) ? { outcome: 'claimed', claimId: next._id } : { outcome: 'busy' };
  }

  async completeClaim(claimId: string, at: Date): Promise<void> {
    await this.claims.updateOne({ _id: claimId }, { $set: { state: 'sent', at } });
  }

  async releaseClaim(claimId: string, at: Date): Promise<void> {
    await this.claims.updateOne({ _id: claimId }, { $set: { state: 'released', at } });
  }

  async forgetClaimsOfSent(before: Date, limit: number, skip = 0): Promise<{ examined: number; deleted: number }> {
    const completed = await this.claims.find({ state: 'sent', at: { $lt: before } }).skip(skip).limit(limit).toArray();
    if (completed.length === 0) return { examined: 0, deleted: 0 };
    const reminderIds = [...new Set(completed.map((claim) => claim.reminderId))];
    // Marked sent before `before` too (not merely delivered then): a sweep may list a reminder as pending until it is marked.
    const settled = await this.reminders.find({ _id: { $in: reminderIds } }).toArray();
    const done = new Set(settled.filter((r) => r.state === 'sent' && r.sentAt !== undefined && r.sentAt < before).map((r) => r._id));
    // A reminder's claims are numbered from 1 to its completed one, the given-back ones before it included.
    const ids = completed.filter((claim) => done.has(claim.reminderId)).flatMap((claim) => Array.from({ length: claim.n }, (_, i) => `${claim.reminderId}#${i + 1}`));
    let deleted = 0;
    for (let start = 0; start < ids.length; start += DELETE_BATCH) {
      deleted += (await this.claims.deleteMany({ _id: { $in: ids.slice(start, start + DELETE_BATCH) } })).deletedCount;
    }
    return { examined: completed.length, deleted };
  }

  async ensureIndexes(): Promise<void> {
    await this.reminders.createIndex({ state: 1, retryAt: 1 });
    await this.reminders.createIndex({ userKey: 1, state: 1, dueAt: 1 });
    await this.reminders.createIndex({ userKey: 1, jobId: 1, state: 1 });
    await this.claims.createIndex({ reminderId: 1, n: -1 });
    await this.claims.createIndex({ state: 1, at: 1 });
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
