/**
 * How fast due reminders go out under Teams' limits, and whether each goes out exactly once (issue 5).
 *
 *   npm run bench:reminders [-- --users 1000 --per-user 5 --rps 100 --timeout-ms 300000 --lead-ms 20000
 *                             --runtime compiled|tsx --cpu-prof DIR --ferretdb-binary PATH --bot-node-args=FLAGS --build-dir DIR --log-level silent]
 *
 * The product runs with `startApp(loadConfig(...))` in a process of its own (bench/lib/appHost.ts) on the
 * embedded FerretDB (or MONGODB_URI), with NOTIFY_TENANT_RPS = --rps, a short scheduler interval and a
 * 500 ms sweep. A local Bot Connector in this process enforces Teams' limits (≤ 7 per second and ≤ 60 per
 * 30 s per conversation, --rps per tenant): over a limit it answers 429 with Retry-After, and counts it.
 *
 * Seeding goes through the bot: each of the users sends one personal message with a job link (that stores
 * their conversation reference and saves the job). Then --users × --per-user follow-up reminders, all due at
 * the same moment (--lead-ms after insertion starts), are inserted with `MongoReminderRepository.insertOnce`;
 * the product's scheduler delivers them (its 500 ms sweep). Every card the connector accepts is parsed for its reminder
 * id: delivered, duplicates, and losses (not delivered, or still pending in the database) are counted.
 * Not a test: the goals are reported, not asserted.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { userKeyOf } from '../src/bot/identity';
import { createLogger } from '../src/logger';
import { contentId } from '../src/postings/canonicalUrl';
import type { Reminder } from '../src/reminders/reminder';
import { MongoReminderRepository } from '../src/reminders/mongoReminderRepository';
import { trackedJobId } from '../src/tracking/trackingService';
import { personalMessage, testUser, type TestUser } from '../test/support/activities';
import { generatedJobPath, startFixtureSite } from '../test/support/fixtureSite';
import { compileProject, startAppHost, type HostOptions, type HostStats } from './lib/appHost';
import { startBenchConnector, TEAMS_CONNECTOR_LIMITS, type BenchConnectorCall } from './lib/connector';
import { startBenchDatabase } from './lib/database';
import { startHostAliases } from './lib/hostAliases';
import { runCleanups, stopOnSignal } from './lib/cleanup';
import { measureDeliverySteps, type StepCost } from './lib/deliverySteps';
import { BotClient, forEachLimited } from './lib/load';
import { processStats } from './lib/process';
import { formatMB } from './lib/stats';
import { formatTable } from './lib/table';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const TENANT = 'tenant-bench';
/** Distinct job pages the users' links point at (each read once). */
const POSTINGS = 50;
const GOAL_SHARE_OF_LIMIT = 0.9;
const GOAL_RSS_BYTES = 300e6;

interface Options {
  users: number;
  perUser: number;
  rps: number;
  timeoutMs: number;
  leadMs: number;
  runtime: 'compiled' | 'tsx';
  cpuProfileDir?: string;
  /** Another FerretDB build to run instead of the project's (an experiment). */
  ferretDbBinary?: string;
  /** Extra Node flags for the product's process (e.g. `--max-old-space-size=128`). */
  botNodeArgs: string[];
  /** A compiled copy of the project to run instead of compiling one (to measure a candidate change without touching src/). */
  buildDir?: string;
  /** The product's LOG_LEVEL (its logs go to this process's stdout). */
  logLevel: string;
}

/** A seeded user: who they are, and the job their reminders are about. */
interface Recipient {
  user: TestUser;
  userKey: string;
  postingId: string;
  jobId: string;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '1000' },
      'per-user': { type: 'string', default: '5' },
      rps: { type: 'string', default: '100' },
      'timeout-ms': { type: 'string', default: '300000' },
      'lead-ms': { type: 'string', default: '20000' },
      runtime: { type: 'string', default: 'compiled' },
      'cpu-prof': { type: 'string' },
      'ferretdb-binary': { type: 'string' },
      'bot-node-args': { type: 'string', default: '' },
      'build-dir': { type: 'string' },
      'log-level': { type: 'string', default: 'silent' },
    },
  });
  const numbers = {
    users: Number(values.users),
    perUser: Number(values['per-user']),
    rps: Number(values.rps),
    timeoutMs: Number(values['timeout-ms']),
    leadMs: Number(values['lead-ms']),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  }
  if (values.runtime !== 'compiled' && values.runtime !== 'tsx') throw new Error('--runtime is compiled or tsx');
  return { ...numbers, runtime: values.runtime, cpuProfileDir: values['cpu-prof'], ferretDbBinary: values['ferretdb-binary'], botNodeArgs: values['bot-node-args'].split(' ').filter(Boolean), buildDir: values['build-dir'], logLevel: values['log-level'] };
}

/** What the connector saw of the reminder cards. */
class DeliveryLog {
  /** Deliveries per reminder id. */
  readonly counts = new Map<string, number>();
  /** When each accepted send arrived (ms since epoch), in order. */
  readonly times: number[] = [];
  /** Sends whose card carried no reminder id we inserted. */
  unexpected = 0;

  constructor(private readonly expected: ReadonlySet<string>) {}

  readonly onCall = (call: BenchConnectorCall) => {
    // A proactive message is posted as a reply to the adapter's continuation activity (`…/activities/{id}`).
    if (call.kind !== 'send' && call.kind !== 'reply') return;
    const attachment = call.body?.attachments?.[0];
    const id = attachment?.contentType === ADAPTIVE_CARD ? JSON.stringify(attachment.content).match(/"reminderId":"(r[a-f0-9]{23})"/)?.[1] : undefined;
    if (!id || !this.expected.has(id)) {
      this.unexpected += 1;
      return;
    }
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    this.times.push(call.at);
  };

  get unique(): number {
    return this.counts.size;
  }

  get duplicates(): number {
    let extra = 0;
    for (const count of this.counts.values()) extra += count - 1;
    return extra;
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  const cleanups: Array<() => Promise<unknown>> = [];
  // Ctrl-C (or a time-out's SIGTERM) still stops everything this run started.
  stopOnSignal(cleanups);
  try {
    await run(options, cleanups);
  } finally {
    await runCleanups(cleanups);
  }
}

async function run(options: Options, cleanups: Array<() => Promise<unknown>>): Promise<void> {
  const total = options.users * options.perUser;
  console.log(`Reminders benchmark: ${total} reminders (${options.users} users × ${options.perUser}) due at once, tenant limit ${options.rps}/s; load average ${loadAverage()}`);

  const database = await startBenchDatabase({ ferretDbBinary: options.ferretDbBinary });
  cleanups.push(() => database.dispose());
  const expected = new Set<string>();
  const deliveries = new DeliveryLog(expected);
  const limits = { ...TEAMS_CONNECTOR_LIMITS, perTenantPerSecond: options.rps };
  const connector = await startBenchConnector({ limits, onCall: deliveries.onCall });
  cleanups.push(() => connector.close());
  const site = await startFixtureSite();
  cleanups.push(() => site.close());
  // The product reads at most 60 pages a minute from one host: the postings are spread over a few host names.
  const aliases = await startHostAliases(site.port, Math.ceil(POSTINGS / 40));
  cleanups.push(() => aliases.close());
  const host: HostOptions = {};
  if (options.buildDir) {
    host.build = { dir: options.buildDir, dispose: () => undefined };
  } else if (options.runtime === 'compiled') {
    const build = await compileProject();
    cleanups.push(async () => build.dispose());
    host.build = build;
  }

  const app = await startAppHost(
    'app',
    {
      MONGODB_URI: database.uri,
      MONGODB_DB: database.name,
      PORT: '0',
      LOG_LEVEL: options.logLevel,
      FETCH_ALLOW_PRIVATE_HOSTS: aliases.hosts.join(','),
      NOTIFY_TENANT_RPS: String(options.rps),
      SCHEDULER_PROCESS_EVERY_MS: '200',
      REMINDER_SWEEP_EVERY_MS: '500',
    },
    { ...host, countDbCommands: true, nodeArgs: [...options.botNodeArgs, ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [])] },
  );
  let appStats: HostStats | undefined;
  cleanups.push(async () => appStats ?? (await app.stop()));
  const client = new BotClient(app.url, 20);
  cleanups.push(async () => client.close());

  // Seeding, through the bot. The connector does not enforce limits yet: these are replies, not the subject.
  const seedStarted = performance.now();
  const links = Array.from({ length: POSTINGS }, (_, k) =>
    aliases.baseUrls[k % aliases.baseUrls.length] +
    generatedJobPath(`reminder-bench-${k}`, { title: `Reminder job ${k}`, company: `Company ${k % 7}`, city: 'Berlin', salaryMin: 60_000 + k * 500, currency: 'EUR', datePosted: '2026-11-01' }),
  );
  const recipients: Recipient[] = new Array(options.users);
  const seedOne = async (index: number) => {
    const user = testUser(`Reminder User ${index}`, TENANT);
    const activity = personalMessage(connector.url, user, links[index % links.length]);
    const answer = await client.post(activity);
    if (answer.status !== 200) throw new Error(`seeding: HTTP ${answer.status}`);
    const userKey = userKeyOf(activity as never);
    recipients[index] = { user, userKey, postingId: '', jobId: '' };
  };
  // The first users read each posting once; everyone after them finds it stored.
  const indexes = Array.from({ length: options.users }, (_, i) => i);
  await forEachLimited(indexes.slice(0, POSTINGS), 10, (i) => seedOne(i));
  await forEachLimited(indexes.slice(POSTINGS), 20, (i) => seedOne(i));
  // The posting id of a link is what the bot saved: read it back from the users' tracked jobs.
  const tracked = await database.db.collection<{ _id: string; userKey: string; postingId: string }>('trackedJobs').find({ userKey: { $in: recipients.map((r) => r.userKey) } }).toArray();
  const jobOf = new Map(tracked.map((doc) => [doc.userKey, doc]));
  for (const recipient of recipients) {
    const doc = jobOf.get(recipient.userKey);
    if (!doc) throw new Error(`seeding: user ${recipient.userKey} has no saved job (the bot did not save the link)`);
    recipient.postingId = doc.postingId;
    recipient.jobId = doc._id;
    if (doc._id !== trackedJobId(recipient.userKey, doc.postingId)) throw new Error('seeding: unexpected tracked job id');
  }
  const withReference = await database.db.collection('users').countDocuments({ 'conversation.serviceUrl': connector.url });
  console.log(`  seeded ${options.users} users through the bot in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${tracked.length} saved jobs, ${withReference} stored conversation references (${site.requests.length} page fetches)`);
  if (withReference !== options.users) throw new Error(`seeding: ${withReference} of ${options.users} users have a conversation reference`);

  // The reminders, all due at the same moment.
  connector.enforce(true);
  connector.resetCounts();
  deliveries.unexpected = 0; // the replies to the seeding messages
  const repository = new MongoReminderRepository(database.db);
  const insertStarted = Date.now();
  const dueAt = new Date(insertStarted + options.leadMs);
  const runId = contentId(`${insertStarted}:${process.pid}`);
  const reminders: Reminder[] = recipients.flatMap((recipient) =>
    Array.from({ length: options.perUser }, (_, j): Reminder => ({
      id: `r${contentId(`bench\n${runId}\n${recipient.userKey}\n${j}`).slice(0, 23)}`,
      userKey: recipient.userKey,
      jobId: recipient.jobId,
      postingId: recipient.postingId,
      kind: 'followUp',
      dueAt,
      retryAt: dueAt,
      state: 'pending',
      timeZone: 'Europe/Berlin',
      attempts: 0,
      createdAt: new Date(insertStarted),
    })),
  );
  for (const reminder of reminders) expected.add(reminder.id);
  let inserted = 0;
  let busyRetries = 0;
  const retryBusy = async <T>(write: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await write();
      } catch (error) {
        // FerretDB's SQLite answers SQLITE_BUSY when writers pile up; the bench's own inserts wait and retry.
        if (attempt >= 20 || !String((error as Error).message).includes('SQLITE_BUSY')) throw error;
        busyRetries += 1;
        await sleep(20 * attempt);
      }
    }
  };
  const insertProgress = setInterval(() => console.log(`  … ${inserted} inserted`), 5000);
  await forEachLimited(reminders, 4, async (reminder) => {
    if (await retryBusy(() => repository.insertOnce(reminder))) inserted += 1;
  }).finally(() => clearInterval(insertProgress));
  const insertedAt = Date.now();
  console.log(
    `  inserted ${inserted} reminders in ${((insertedAt - insertStarted) / 1000).toFixed(1)} s (${busyRetries} retries on SQLITE_BUSY); due at +${options.leadMs / 1000} s` +
      (insertedAt > dueAt.getTime() ? ` (insertion overran the due time by ${((insertedAt - dueAt.getTime()) / 1000).toFixed(1)} s: the first were due while the rest went in)` : ''),
  );

  // Delivery, measured from the due time.
  await sleep(Math.max(0, dueAt.getTime() - Date.now()));
  await app.resetPeak();
  const commandsBefore = (await app.stats()).dbCommands ?? {};
  const cpuBefore = { app: processStats(app.pid)?.cpuMs, db: database.serverPid ? processStats(database.serverPid)?.cpuMs : undefined };
  const deadline = dueAt.getTime() + options.timeoutMs;
  let lastReport = Date.now();
  let pendingInDb = await countPending(database, expected);
  while (Date.now() < deadline) {
    await sleep(250);
    if (deliveries.unique >= total) {
      pendingInDb = await countPending(database, expected);
      if (pendingInDb === 0) break;
    }
    if (Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      const elapsed = (Date.now() - dueAt.getTime()) / 1000;
      const throttled = connector.counts.throttled;
      const now = await app.stats();
      console.log(
        `  +${elapsed.toFixed(0).padStart(3)} s: ${deliveries.unique} delivered (${(deliveries.unique / elapsed).toFixed(0)}/s), ${deliveries.duplicates} duplicates, 429s ${throttled.tenantPerSecond + throttled.conversationPerSecond + throttled.conversationPer30Seconds}; product RSS ${formatMB(now.rss)} (heap ${formatMB(now.heapUsed)} of ${formatMB(now.heapTotal)}, external ${formatMB(now.external)})`,
      );
    }
  }
  const finishedAt = Date.now();
  const timedOut = deliveries.unique < total || pendingInDb > 0;
  // A late duplicate would come within a retry or a sweep: wait a little for one.
  await sleep(3000);
  const cpuAfter = { app: processStats(app.pid)?.cpuMs, db: database.serverPid ? processStats(database.serverPid)?.cpuMs : undefined };
  const during = await app.stats();
  const commands = Object.entries(during.dbCommands ?? {})
    .map(([command, tally]) => [command, tally.count - (commandsBefore[command]?.count ?? 0)] as [string, number])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  const outcomes = await scrapeOutcomes(app.url);
  const states = await database.db
    .collection('reminders')
    .aggregate<{ _id: string; count: number }>([{ $group: { _id: '$state', count: { $sum: 1 } } }])
    .toArray();
  const sentInDb = states.find((s) => s._id === 'sent')?.count ?? 0;
  pendingInDb = await countPending(database, expected);
  client.close();
  appStats = await app.stop();

  // Where the database time of one delivery goes, on the database as the run left it (the product stopped).
  const sizes: Record<string, number> = {};
  for (const name of ['reminders', 'reminderDeliveries', 'agendaJobs', 'users', 'trackedJobs', 'postings', 'events']) sizes[name] = await database.db.collection(name).estimatedDocumentCount();
  // A sample spread over the whole collection: on FerretDB a lookup's cost depends on where the document lies.
  const stored = (await database.db.collection<{ _id: string } & Omit<Reminder, 'id'>>('reminders').find({}).toArray()).map(({ _id, ...rest }) => ({ id: _id, ...rest }) as Reminder);
  const sample = Array.from({ length: Math.min(100, stored.length) }, (_, i) => stored[Math.floor(((i + 0.5) * stored.length) / Math.min(100, stored.length))]);
  const steps = await measureDeliverySteps(database.db, database.serverPid, sample);

  printReport(options, {
    total,
    deliveries,
    dueAt: dueAt.getTime(),
    finishedAt,
    timedOut,
    pendingInDb,
    sentInDb,
    states,
    throttled: connector.counts.throttled,
    acceptedSends: connector.counts.accepted.send + connector.counts.accepted.reply,
    app: appStats,
    peakDuringDelivery: during.peakRssSinceReset,
    cpu: {
      appMs: cpuBefore.app !== undefined && cpuAfter.app !== undefined ? cpuAfter.app - cpuBefore.app : undefined,
      dbMs: cpuBefore.db !== undefined && cpuAfter.db !== undefined ? cpuAfter.db - cpuBefore.db : undefined,
    },
    dbKind: database.kind,
    outcomes,
    sizes,
    steps,
    commands,
  });
}

/** Our reminders still pending in the database. */
async function countPending(database: { db: import('mongodb').Db }, expected: ReadonlySet<string>): Promise<number> {
  const pending = await database.db.collection<{ _id: string }>('reminders').find({ state: 'pending' }, { projection: { _id: 1 } }).toArray();
  return pending.filter((doc) => expected.has(doc._id)).length;
}

/** Delivery attempts by outcome, from the product's /metrics (when it has them). */
async function scrapeOutcomes(url: string): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  try {
    const response = await fetch(`${url}/metrics`);
    if (!response.ok) return outcomes;
    for (const match of (await response.text()).matchAll(/^jobtracker_reminder_deliveries_total\{outcome="(\w+)"\} (\d+)/gm)) outcomes.set(match[1], Number(match[2]));
  } catch {
    // no metrics endpoint in this version of the product
  }
  return outcomes;
}

interface Report {
  total: number;
  deliveries: DeliveryLog;
  dueAt: number;
  finishedAt: number;
  timedOut: boolean;
  pendingInDb: number;
  sentInDb: number;
  states: Array<{ _id: string; count: number }>;
  throttled: { conversationPerSecond: number; conversationPer30Seconds: number; tenantPerSecond: number };
  acceptedSends: number;
  app: HostStats;
  peakDuringDelivery: number;
  cpu: { appMs?: number; dbMs?: number };
  dbKind: string;
  outcomes: Map<string, number>;
  sizes: Record<string, number>;
  steps: StepCost[];
  /** Database commands the product sent during delivery, most frequent first. */
  commands: Array<[string, number]>;
}

function printReport(options: Options, r: Report): void {
  const times = [...r.deliveries.times].sort((a, b) => a - b);
  const last = times.at(-1) ?? r.finishedAt;
  const first = times[0] ?? r.dueAt;
  const seconds = (last - r.dueAt) / 1000;
  const rate = r.deliveries.unique / Math.max(seconds, 0.001);
  // The steady part: from the 10th to the 90th percentile of deliveries (no start-up, no tail).
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))];
  const steady = times.length >= 20 ? (0.8 * times.length) / ((at(0.9) - at(0.1)) / 1000) : Number.NaN;
  const lost = r.total - r.deliveries.unique;
  // Pauses in the flow (no delivery for 250 ms or more): where the sender waited for something other than the limit.
  let pauses = 0;
  let pausedMs = 0;
  for (let i = 1; i < times.length; i += 1) {
    if (times[i] - times[i - 1] >= 250) {
      pauses += 1;
      pausedMs += times[i] - times[i - 1];
    }
  }
  const throttled = r.throttled.tenantPerSecond + r.throttled.conversationPerSecond + r.throttled.conversationPer30Seconds;
  const perReminder = (ms: number | undefined) => (ms === undefined || r.deliveries.unique === 0 ? '—' : `${(ms / r.deliveries.unique).toFixed(1)} ms`);
  const yesNo = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const share = rate / options.rps;

  console.log('');
  console.log(
    `Reminder delivery: ${r.total} reminders across ${options.users} personal conversations, one tenant; limits ${TEAMS_CONNECTOR_LIMITS.perConversationPerSecond}/s and ${TEAMS_CONNECTOR_LIMITS.perConversationPer30Seconds}/30 s per conversation, ${options.rps}/s per tenant; ` +
      `500 ms sweep; bot runtime: ${options.runtime === 'compiled' ? 'compiled JavaScript' : 'tsx'}; database: ${r.dbKind}; load average at the end ${loadAverage()}`,
  );
  console.log(
    formatTable({
      headers: ['measure', 'value', 'goal', ''],
      rows: [
        ['reminders due at once', String(r.total), '', ''],
        ['delivered (distinct ids)', `${r.deliveries.unique}${r.timedOut ? ` (stopped at the ${options.timeoutMs / 1000} s time-out)` : ''}`, '', ''],
        ['due → last delivery', `${seconds.toFixed(1)} s (first after ${((first - r.dueAt) / 1000).toFixed(1)} s)`, `${(r.total / options.rps).toFixed(0)} s at the limit`, ''],
        ['delivered per second', `${rate.toFixed(1)}/s (steady 10–90%: ${Number.isFinite(steady) ? steady.toFixed(1) : '—'}/s)`, '', ''],
        ['pauses ≥ 250 ms between deliveries', `${pauses}, ${(pausedMs / 1000).toFixed(1)} s in all`, '', ''],
        ["share of the limit's rate", `${(share * 100).toFixed(0)}% of ${options.rps}/s`, `≥ ${GOAL_SHARE_OF_LIMIT * 100}%`, yesNo(share >= GOAL_SHARE_OF_LIMIT)],
        ['duplicates (same id twice)', String(r.deliveries.duplicates), '0', yesNo(r.deliveries.duplicates === 0)],
        ['lost (never delivered)', String(lost), '0', yesNo(lost === 0)],
        ['still pending in the database', String(r.pendingInDb), '0', yesNo(r.pendingInDb === 0)],
        ['marked sent in the database', String(r.sentInDb), String(r.total), ''],
        ['429s from the connector', `${throttled} (tenant ${r.throttled.tenantPerSecond}, conversation/s ${r.throttled.conversationPerSecond}, conversation/30 s ${r.throttled.conversationPer30Seconds})`, '', ''],
        ['sends accepted / unexpected', `${r.acceptedSends} / ${r.deliveries.unexpected}`, '', ''],
        ['peak RSS, product process', `${formatMB(r.app.maxRss)} over its life, ${formatMB(r.peakDuringDelivery)} during delivery`, '< 300 MB', yesNo(r.app.maxRss < GOAL_RSS_BYTES)],
        ['CPU per delivered reminder', `product ${perReminder(r.cpu.appMs)}, database ${perReminder(r.cpu.dbMs)}`, '', ''],
      ],
      align: ['left', 'left', 'left', 'left'],
    }),
  );
  if (r.outcomes.size > 0) console.log(`Delivery attempts by outcome (product metrics): ${[...r.outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`Reminder states in the database: ${r.states.map((s) => `${s._id} ${s.count}`).join(', ')}`);

  console.log('');
  console.log(`Database commands the product sent from the due time to the end (driver command monitoring), per delivered reminder:`);
  console.log(
    formatTable({
      headers: ['command collection {filter}', 'count', 'per reminder'],
      rows: r.commands.slice(0, 14).map(([command, count]) => [command, String(count), (count / Math.max(1, r.deliveries.unique)).toFixed(2)]),
      align: ['left', 'right', 'right'],
    }),
  );
  console.log('');
  console.log(`Where one delivery's database time goes (each call replayed alone on the quiet database, ${Object.entries(r.sizes).map(([name, count]) => `${name} ${count}`).join(', ')} documents):`);
  const cpu = (ms: number | undefined) => (ms === undefined ? '—' : `${ms.toFixed(1)} ms`);
  const modelCpu = r.steps.reduce((sum, s) => sum + s.perReminder * (s.dbCpuMs ?? 0), 0);
  const modelWall = r.steps.reduce((sum, s) => sum + s.perReminder * s.wallMs, 0);
  console.log(
    formatTable({
      headers: ['step', 'database call', 'per reminder', 'wall', 'db CPU'],
      rows: [
        ...r.steps.map((s) => [s.step, s.query, s.perReminder === 0 ? 'on conflict/failure' : s.perReminder < 1 ? `1/${Math.round(1 / s.perReminder)}` : String(s.perReminder), `${s.wallMs.toFixed(1)} ms`, cpu(s.dbCpuMs)]),
        ['sum for a sent reminder', '', '', `${modelWall.toFixed(1)} ms`, cpu(modelCpu)],
      ],
      align: ['left', 'left', 'right', 'right', 'right'],
    }),
  );
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
