import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MongoClient } from 'mongodb';
import { connect } from '../../src/db/mongo';
import { generatedJobPath, startFixtureSite, type FixtureSite } from '../support/fixtureSite';
import { chaosBotEnv, freePort, killAllBotProcesses, sleep, startBotProcess } from './support/botProcess';
import { eventually, startChaosConnector, waitUntil, type ChaosConnector } from './support/chaosConnector';
import { answersPing, startOwnFerretDb, type OwnFerretDb } from './support/ferretdb';
import { percentile, report, seconds } from './support/figures';
import { click, insertDueReminders, say, seedUsers, type ReminderDoc, type SeededUser, type TurnResult } from './support/seed';

const USERS = 6;
const OUTAGE_MS = 10_000;
/** A user must hear "try again in a moment" this soon during the outage… */
const ANSWER_WITHIN_MS = 15_000;
/** …and be answered normally again this soon after the database is back. */
const RECOVER_WITHIN_MS = 5_000;

type Answer = 'normal' | 'databaseUnavailable' | 'internal' | 'none';

/**
 * What the user saw: the bot's usual card, "I cannot reach my database", "Something went wrong", or nothing.
 * A message is answered with cards; a card click with the new card, or an error the client shows on the card.
 */
function answerOf(turn: TurnResult): Answer {
  const invoke = turn.body?.statusCode !== undefined;
  if (invoke && turn.body.statusCode === 200 && turn.body.value?.type === 'AdaptiveCard') return 'normal';
  if (invoke && turn.body.type === 'application/vnd.microsoft.error') {
    return turn.body.value?.code === 'DATABASE_UNAVAILABLE' ? 'databaseUnavailable' : 'internal';
  }
  if (turn.cards.length === 0) return 'none';
  const text = JSON.stringify(turn.cards);
  if (text.includes('cannot reach my database')) return 'databaseUnavailable';
  if (text.includes('Something went wrong')) return 'internal';
  return 'normal';
}

describe('issue 8: the database stops for 10 s under load and comes back', () => {
  /** Reminders due just before the outage, so some are being sent when the database goes. */
  const DUE_AT_OUTAGE = 300;
  let dueAtOutage: ReminderDoc[] = [];
  let upAt = 0;
  let dataDir: string;
  let database: OwnFerretDb | undefined;
  let client: MongoClient | undefined;
  let site: FixtureSite;
  let connector: ChaosConnector;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobtracker-chaos-db-'));
    site = await startFixtureSite();
    connector = await startChaosConnector();
  });
  afterAll(async () => {
    await killAllBotProcesses();
    await client?.close();
    await database?.kill('SIGKILL');
    await connector?.close();
    await site?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('when the database is killed for 10 s while users talk to the bot, then they are told to try again within 15 s, the bot answers normally within 5 s of its return, and nothing acknowledged is lost', async () => {
    // Arrange: a database of the test's own on a fixed port, a bot on it, users with saved jobs.
    const port = await freePort();
    database = await startOwnFerretDb({ port, dataDir });
    const names = { uri: database.uri, name: 'outage' };
    const bot = await startBotProcess('outage', chaosBotEnv(names, 'outage'));
    client = await connect(database.uri);
    const db = client.db(names.name);
    const users = await seedUsers({ bots: [bot.url], connector, site, db, count: USERS, label: 'outage' });

    // What the bot acknowledged before the outage: more saved jobs, and a status change on each user's first job.
    const acknowledged: Array<{ user: SeededUser; postingId: string; status: string }> = [];
    for (const [i, user] of users.entries()) {
      const firstJob = { user, postingId: user.postingId, status: 'saved' };
      acknowledged.push(firstJob);
      for (const n of [1, 2]) {
        const link = `${site.url}${generatedJobPath(`outage-${i}-${n}-${Date.now()}`, { title: `Outage Role ${i}.${n}`, company: 'Durable Ltd' })}`;
        const saved = await say(bot.url, connector, user.user, link);
        const postingId = saved.cards[0]?.refresh?.action?.data?.postingId;
        if (typeof postingId === 'string') acknowledged.push({ user, postingId, status: 'saved' });
      }
      const applied = await click(bot.url, connector, user.user, 'job.status', { postingId: user.postingId, status: 'applied' });
      if (applied.status === 200 && applied.body?.statusCode === 200) firstJob.status = 'applied';
    }
    expect(acknowledged.length).toBe(USERS * 3);

    // Act: every user keeps talking (typing "my jobs", or clicking Timeline on their job card, one turn after
    // another) while the database goes away and back.
    const turns: Array<TurnResult & { click: boolean }> = [];
    let talking = true;
    const load = Promise.all(
      users.map(async (user, u) => {
        // Half the users click, half type, so both kinds of turn are under way whenever the database goes.
        const clicking = u % 2 === 1;
        while (talking) {
          const next = clicking ? click(bot.url, connector, user.user, 'job.timeline', { postingId: user.postingId }, 30_000) : say(bot.url, connector, user.user, 'my jobs', 30_000);
          turns.push({ ...(await next), click: clicking });
          await sleep(250);
        }
      }),
    );
    await sleep(1000);
    // Teams takes a second to answer each reminder: many are between "accepted" and "recorded" when the database goes.
    connector.setPolicy((request) => (request.reminderId ? { status: 200, delayMs: 1000 } : undefined));
    dueAtOutage = await insertDueReminders(db, users, () => DUE_AT_OUTAGE / USERS);
    await sleep(3000);
    const downAt = Date.now();
    const deliveredAtOutage = connector.deliveries.size;
    await database.kill('SIGKILL');
    await sleep(OUTAGE_MS);
    const restartAt = Date.now();
    database = await startOwnFerretDb({ port, dataDir });
    upAt = Date.now();
    await sleep(12_000);
    talking = false;
    await load;

    // The scheduler came back too: reminders that fall due now still go out.
    const late = await insertDueReminders(db, users.slice(0, 3), () => 2);
    const remindersAfter = await eventually(() => late.every((r) => connector.deliveries.has(r._id)), 45_000);

    // Assert
    const stored = await db.collection<{ userKey: string; postingId: string; status: string }>('trackedJobs').find({}).toArray();
    const lost = acknowledged.filter((a) => !stored.some((s) => s.userKey === a.user.key && s.postingId === a.postingId && s.status === a.status));
    const during = turns.filter((t) => t.startedAt + t.ms >= downAt && t.startedAt < upAt);
    const after = turns.filter((t) => t.startedAt >= upAt);
    const firstNormalAfter = Math.min(...turns.filter((t) => answerOf(t) === 'normal' && t.startedAt + t.ms >= upAt).map((t) => t.startedAt + t.ms));
    const count = (list: TurnResult[]) => Object.fromEntries((['normal', 'databaseUnavailable', 'internal', 'none'] as Answer[]).map((a) => [a, list.filter((t) => answerOf(t) === a).length]));
    report('database-outage', {
      outageS: seconds(restartAt - downAt),
      restartToPingS: seconds(upAt - restartAt),
      turns: turns.length,
      answersDuringOutage: count(during),
      clicksDuringOutage: count(during.filter((t) => t.click)),
      answerMsDuringOutage: { p50: percentile(during.map((t) => t.ms), 50), max: Math.max(...during.map((t) => t.ms)) },
      answersAfterReturn: count(after),
      returnToFirstNormalAnswerS: seconds(firstNormalAfter - upAt),
      lastAbnormalAnswerAfterReturnS: seconds(Math.max(upAt, ...after.filter((t) => answerOf(t) !== 'normal').map((t) => t.startedAt)) - upAt),
      remindersDeliveredBeforeOutage: deliveredAtOutage,
      acknowledgedBeforeOutage: acknowledged.length,
      lostAfterOutage: lost.length,
      remindersDeliveredAfterReturn: late.filter((r) => connector.deliveries.has(r._id)).length,
      httpErrors: turns.filter((t) => t.status !== 200).map((t) => `${t.status} ${t.error ?? ''}`).slice(0, 5),
    });
    expect(bot.alive()).toBe(true);
    expect(during.length).toBeGreaterThan(0);
    // During the outage every turn is answered, soon, with "try again in a moment" (DATABASE_UNAVAILABLE).
    expect(during.filter((t) => answerOf(t) !== 'databaseUnavailable' && answerOf(t) !== 'normal')).toEqual([]);
    expect(during.filter((t) => answerOf(t) === 'databaseUnavailable').length).toBeGreaterThan(0);
    expect(during.filter((t) => t.click && answerOf(t) === 'databaseUnavailable').length).toBeGreaterThan(0);
    // Every turn is answered over HTTP as Teams expects: 200, an invoke's error in its body (never the adapter's 501).
    expect(turns.filter((t) => t.status !== 200).map((t) => t.status)).toEqual([]);
    expect(Math.max(...during.map((t) => t.ms))).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
    // Back to normal within 5 s of the database's return, by itself.
    expect(firstNormalAfter - upAt).toBeLessThanOrEqual(RECOVER_WITHIN_MS);
    expect(after.filter((t) => t.startedAt >= upAt + RECOVER_WITHIN_MS && answerOf(t) !== 'normal')).toEqual([]);
    expect(lost).toEqual([]);
    expect(remindersAfter).toBe(true);
    expect(await answersPing(database.uri)).toBe(true);
  });

  // The process is alive and knows which messages went out while the database was away: it records them once
  // the database is back (the claim first), so none goes twice.
  test('when reminders were being sent as the database went away, then each is delivered exactly once after it returns', async () => {
    expect(dueAtOutage.length).toBe(DUE_AT_OUTAGE);
    // Claims left "sending" when the database went away run out 120 s after they were taken.
    await waitUntil(() => dueAtOutage.every((r) => connector.deliveries.has(r._id)), 180_000, () => `${dueAtOutage.filter((r) => connector.deliveries.has(r._id)).length} of ${DUE_AT_OUTAGE} delivered`);
    const allDeliveredAt = Date.now();
    await sleep(4000); // a late second delivery would show now

    const duplicates = dueAtOutage.filter((r) => (connector.deliveries.get(r._id)?.length ?? 0) > 1);
    report('database-outage-deliveries', {
      reminders: DUE_AT_OUTAGE,
      returnToAllDeliveredS: seconds(allDeliveredAt - upAt),
      duplicates: duplicates.length,
      duplicateIds: duplicates.slice(0, 10).map((r) => r._id),
    });
    expect(duplicates).toEqual([]);
  });
});
