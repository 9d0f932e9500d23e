import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { cardAction, personalMessage, testUser, type TestUser } from '../../support/activities';
import { generatedJobPath, type FixtureSite } from '../../support/fixtureSite';
import type { ChaosConnector } from './chaosConnector';

/** What one chat turn got: the HTTP answer of /api/messages and the cards the bot replied with. */
export interface TurnResult {
  status: number;
  /** Cards (Adaptive Card contents) the bot answered with, in order. */
  cards: any[];
  /** The invoke response body, for card actions. */
  body?: any;
  startedAt: number;
  ms: number;
  /** Set when the HTTP call itself failed (connection refused, time-out). */
  error?: string;
}

/** Posts one activity to a bot's /api/messages and collects what the connector received in answer. */
export async function turn(botUrl: string, connector: ChaosConnector, activity: { id: string }, timeoutMs = 20_000): Promise<TurnResult> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const cards = connector
      .repliesTo(activity.id)
      .map((a) => a?.attachments?.[0])
      .filter((a) => a?.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content);
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: response.status, cards, body, startedAt, ms: Date.now() - startedAt };
  } catch (error) {
    return { status: 0, cards: [], startedAt, ms: Date.now() - startedAt, error: (error as Error).message };
  }
}

/** A personal-chat message from `user` to the bot at `botUrl`. */
export function say(botUrl: string, connector: ChaosConnector, user: TestUser, text: string, timeoutMs?: number): Promise<TurnResult> {
  return turn(botUrl, connector, personalMessage(connector.url, user, text), timeoutMs);
}

/** An `Action.Execute` click on a card. */
export function click(botUrl: string, connector: ChaosConnector, user: TestUser, verb: string, data: Record<string, unknown>, timeoutMs?: number): Promise<TurnResult> {
  return turn(botUrl, connector, cardAction(connector.url, user, verb, data), timeoutMs);
}

/** A user who talked to the bot (so it keeps their conversation reference) and saved one job through it. */
export interface SeededUser {
  user: TestUser;
  key: string;
  conversationId: string;
  jobId: string;
  postingId: string;
}

export const userKeyOf = (user: TestUser) => `${user.tenantId}:${user.aadObjectId}`;

/**
 * Users as the product makes them: each says hello to the bot (which stores their conversation reference,
 * pointing at the connector) and saves a job from the fixture site. `bots` are used in turn, so several
 * processes can share the seeding. The fetcher allows 60 page reads a minute per host: keep `count` under that per bot.
 */
export async function seedUsers(options: { bots: string[]; connector: ChaosConnector; site: FixtureSite; db: Db; count: number; label: string; concurrency?: number }): Promise<SeededUser[]> {
  const { bots, connector, site, db, count, label } = options;
  const seeded: SeededUser[] = new Array(count);
  await mapPool(Array.from({ length: count }, (_, i) => i), options.concurrency ?? 6, async (i) => {
    const bot = bots[i % bots.length];
    const user = testUser(`${label} user ${i}`);
    const hello = await say(bot, connector, user, 'hello');
    if (hello.status !== 200 || hello.cards.length === 0) throw new Error(`seeding: hello from user ${i} answered ${hello.status} ${hello.error ?? ''} with ${hello.cards.length} cards`);
    const link = `${site.url}${generatedJobPath(`${label}-${i}-${randomBytes(3).toString('hex')}`, { title: `Platform Engineer ${i}`, company: `Chaos Co ${i % 7}` })}`;
    const saved = await say(bot, connector, user, link);
    const postingId = saved.cards[0]?.refresh?.action?.data?.postingId;
    if (saved.status !== 200 || typeof postingId !== 'string') throw new Error(`seeding: saving a job for user ${i} answered ${saved.status}: ${JSON.stringify(saved.cards[0] ?? saved.error).slice(0, 300)}`);
    const job = await db.collection<{ _id: string; userKey: string; postingId: string }>('trackedJobs').findOne({ userKey: userKeyOf(user), postingId });
    if (!job) throw new Error(`seeding: the job of user ${i} is not in trackedJobs`);
    seeded[i] = { user, key: userKeyOf(user), conversationId: `a:personal-${user.aadObjectId}`, jobId: job._id, postingId };
  });
  return seeded;
}

/** A reminder document as `MongoReminderRepository` stores it. */
export interface ReminderDoc {
  _id: string;
  userKey: string;
  jobId: string;
  postingId: string;
  kind: 'followUp';
  dueAt: Date;
  retryAt: Date;
  state: 'pending';
  timeZone: string;
  attempts: number;
  createdAt: Date;
}

/** A reminder id in the product's shape (`r` + 23 hex digits). */
export const reminderId = () => `r${randomBytes(12).toString('hex').slice(0, 23)}`;

/**
 * Follow-up reminders, `perUser(i)` for `users[i]`, inserted straight into `reminders` as if their time had
 * come: due (and to be tried) at `dueAt`, by default a second ago.
 */
export async function insertDueReminders(db: Db, users: readonly SeededUser[], perUser: (index: number) => number, dueAt = new Date(Date.now() - 1000)): Promise<ReminderDoc[]> {
  const past = dueAt;
  const docs: ReminderDoc[] = users.flatMap((u, i) =>
    Array.from({ length: perUser(i) }, () => ({
      _id: reminderId(),
      userKey: u.key,
      jobId: u.jobId,
      postingId: u.postingId,
      kind: 'followUp' as const,
      dueAt: past,
      retryAt: past,
      state: 'pending' as const,
      timeZone: 'Europe/Berlin',
      attempts: 0,
      createdAt: past,
    })),
  );
  // Shuffled, so no user's reminders come in one block.
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  for (let i = 0; i < docs.length; i += 250) await db.collection<ReminderDoc>('reminders').insertMany(docs.slice(i, i + 250));
  return docs;
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    }),
  );
  return results;
}
