/**
 * Where a reminder delivery's database time goes: replays, one at a time on a quiet database, each call
 * ReminderDelivery makes for one reminder (through the product's own repositories), and measures its wall
 * time and the database server's CPU time. Runs on copies (fresh claim and event ids, cloned reminders),
 * which it removes afterwards, so the run's results are untouched.
 */
import type { Db } from 'mongodb';
import { MongoPostingRepository } from '../../src/postings/postingRepository';
import { MongoUserRepository } from '../../src/profile/mongoUserRepository';
import { MongoReminderRepository } from '../../src/reminders/mongoReminderRepository';
import type { Reminder } from '../../src/reminders/reminder';
import { MongoEventRepository } from '../../src/tracking/events';
import { MongoTrackedJobRepository } from '../../src/tracking/mongoTrackedJobRepository';
import { processStats } from './process';

/** The cost of one step. */
export interface StepCost {
  step: string;
  /** The database query or write it makes, as ReminderDelivery issues it. */
  query: string;
  /** How many times a delivered reminder pays it (fractions: once per batch). */
  perReminder: number;
  wallMs: number;
  /** Database server CPU per call; undefined when the server's process cannot be read. */
  dbCpuMs?: number;
}

const LEASE_MS = 60_000;
const BATCH = 500;

/** Measures every step on `sample` (reminders of the run, as stored). */
export async function measureDeliverySteps(db: Db, serverPid: number | undefined, sample: Reminder[]): Promise<StepCost[]> {
  const reminders = new MongoReminderRepository(db);
  const users = new MongoUserRepository(db);
  const jobs = new MongoTrackedJobRepository(db);
  const postings = new MongoPostingRepository(db);
  const events = new MongoEventRepository(db);
  const worker = 'bench-steps';
  const tag = `bstep${Date.now().toString(36)}`;
  const claimId = (i: number) => `${tag}-claim-${i}`;
  const cloneId = (i: number) => `${tag}-clone-${i}`;
  const now = new Date();
  const results: StepCost[] = [];

  const measure = async (step: string, query: string, perReminder: number, calls: number, run: (i: number) => Promise<unknown>) => {
    const cpuBefore = serverPid ? processStats(serverPid)?.cpuMs : undefined;
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) await run(i);
    const wallMs = (performance.now() - started) / calls;
    const cpuAfter = serverPid ? processStats(serverPid)?.cpuMs : undefined;
    results.push({ step, query, perReminder, wallMs, dbCpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / calls : undefined });
  };

  const n = sample.length;
  // Clones to mark sent, so the run's own reminders keep their state.
  for (let i = 0; i < n; i += 1) await reminders.insertOnce({ ...sample[i], id: cloneId(i), state: 'pending' });
  try {
    await measure('find due reminders', `reminders.find({state, retryAt ≤ now}).sort({retryAt}).limit(${BATCH})`, 1 / BATCH, 5, () => reminders.due(now, BATCH));
    await measure('claim (free)', 'reminderDeliveries.insertOne({_id})', 1, n, (i) => reminders.claim(claimId(i), worker, now, LEASE_MS));
    await measure('claim (already claimed)', 'insertOne → duplicate; find({reminderId}).sort({n: -1}).limit(1)', 0, n, (i) => reminders.claim(claimId(i), worker, now, LEASE_MS));
    await measure('release claim (not sent)', 'reminderDeliveries.updateOne({_id}, $set)', 0, n, (i) => reminders.releaseClaim(`${claimId(i)}#1`, now));
    for (let i = 0; i < n; i += 1) await reminders.claim(claimId(i), worker, now, LEASE_MS);
    await measure('load user', 'users.findOne({_id})', 1, n, (i) => users.find(sample[i].userKey));
    await measure('load tracked job', 'trackedJobs.findOne({_id, userKey})', 1, n, (i) => jobs.find(sample[i].userKey, sample[i].jobId));
    await measure('load posting', 'postings.findOne({_id})', 1, n, (i) => postings.find(sample[i].postingId));
    await measure('mark reminder sent', 'reminders.updateOne({_id}, $set)', 1, n, (i) => reminders.markSent(cloneId(i), now));
    await measure('complete claim', 'reminderDeliveries.updateOne({_id}, $set)', 1, n, (i) => reminders.completeClaim(`${claimId(i)}#2`, now)); // claimed again after the release: the next number
    await measure('journey event', 'events.insertOne({_id})', 1, n, (i) =>
      events.append({ id: `${tag}-event-${i}`, userKey: sample[i].userKey, jobId: sample[i].jobId, type: 'reminderSent', at: now, data: { kind: 'followUp' } }),
    );
  } finally {
    // Removed by `_id` alone: the one filter FerretDB's SQLite backend looks up without a scan.
    for (let i = 0; i < n; i += 1) {
      await db.collection<{ _id: string }>('reminders').deleteOne({ _id: cloneId(i) });
      await db.collection<{ _id: string }>('reminderDeliveries').deleteOne({ _id: claimId(i) });
      await db.collection<{ _id: string }>('events').deleteOne({ _id: `${tag}-event-${i}` });
    }
  }
  return results;
}
