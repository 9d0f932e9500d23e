/**
 * How many turns per second the bot answers, and how fast, under 20 concurrent users, beside a bare echo
 * bot on the same plumbing (issue 4).
 *
 *   npm run bench:turns [-- --duration-ms 10000 --warmup-ms 3000 --users 20 --jobs 200 --accounts 20 --seed fast|bot
 *                          --runtime compiled|tsx --cpu-prof DIR --ferretdb-binary PATH --bot-node-args=FLAGS --build-dir DIR]
 *
 * Everything is real: the product is started with `startApp(loadConfig(...))` in a process of its own
 * (bench/lib/appHost.ts; by default from the project compiled with its own tsc settings, as production runs
 * it, `--runtime tsx` to skip that), against the embedded FerretDB (or MONGODB_URI), and driven over keep-alive HTTP
 * by N closed-loop virtual users from this process, which also runs a local Bot Connector (counts, no
 * bodies kept) and a local job site. By default each virtual user is its own Teams user with `--jobs` jobs
 * (`--accounts 1`: all of them are sessions of one user, one collection).
 *
 * Seeding goes through the bot: every posting is read once by pasting links to generated job pages
 * (5 per message), and the first user pastes every link. With `--seed fast` (default) the other users'
 * collections are then filled through the product's own repositories (the inserts TrackingService makes
 * for a capture: the tracked job and its `captured` event), because on the embedded FerretDB pasting
 * 20 × 200 links takes about ten minutes (every capture scans the collections, see below); `--seed bot`
 * pastes everything.
 *
 * Scenarios, each warmed up and then run for a fixed time:
 *   echo     a bare echo bot (the product's createAdapter + startHttpServer, a minimal ActivityHandler)
 *   status   `adaptiveCard/action` invoke `job.status`, alternating Applied/Interviewing so each is a change
 *   my jobs  the text command, with `--jobs` jobs in the user's collection
 *   compare  `compare 1 2 3 4` after a `my jobs`
 * Every answer is checked (the right card, the right status, one reply per message); a wrong one is an error.
 * Not a test: nothing here fails on a number.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { MongoPostingRepository } from '../src/postings/postingRepository';
import { MongoEventRepository } from '../src/tracking/events';
import { MongoTrackedJobRepository } from '../src/tracking/mongoTrackedJobRepository';
import { newTrackedJob, trackedJobId } from '../src/tracking/trackingService';
import { statusLabels } from '../src/tracking/trackedJob';
import { userKeyOf } from '../src/bot/identity';
import { cardAction, personalMessage, testUser, type TestUser } from '../test/support/activities';
import { generatedJobPath, startFixtureSite, type FixtureSite } from '../test/support/fixtureSite';
import { compileProject, startAppHost, type AppHost, type CommandTally, type HostOptions, type HostStats } from './lib/appHost';
import { startBenchConnector, type BenchConnector } from './lib/connector';
import { startBenchDatabase, type BenchDatabase } from './lib/database';
import { runCleanups, stopOnSignal } from './lib/cleanup';
import { BotClient, forEachLimited, runLoad, type Answer, type LoadResult, type PlannedTurn } from './lib/load';
import { processStats } from './lib/process';
import { formatMB, formatMs, summarize, type LatencySummary } from './lib/stats';
import { startHostAliases, type HostAliases } from './lib/hostAliases';
import { formatTable } from './lib/table';
import { ADAPTIVE_CARD, cardTextOf, ReplyCollector } from './lib/replies';

/** The status-change goal: this share of the echo bot's throughput. */
const STATUS_GOAL_SHARE = 0.5;
/** Every action's p95 must stay under this, with the given concurrency. */
const P95_GOAL_MS = 100;
const LINKS_PER_MESSAGE = 5;
const COMPANIES = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Wingtip', 'Woodgrove', 'Alpine'];
const CITIES = ['Berlin', 'Lisbon', 'Dublin', 'Austin', 'Toronto'];

interface Options {
  durationMs: number;
  warmupMs: number;
  users: number;
  jobs: number;
  /** Distinct Teams users the virtual users are spread over. */
  accounts: number;
  seed: 'fast' | 'bot';
  runtime: 'compiled' | 'tsx';
  /** Where the product's process writes a CPU profile, when set. */
  cpuProfileDir?: string;
  /** Another FerretDB build to run instead of the project's (an experiment). */
  ferretDbBinary?: string;
  /** Extra Node flags for the product's process (e.g. `--max-old-space-size=128`). */
  botNodeArgs: string[];
  /** A compiled copy of the project to run instead of compiling one (to measure a candidate change without touching src/). */
  buildDir?: string;
}

/** A virtual user: a Teams user and the postings in their collection, in the order saved. */
interface Persona {
  user: TestUser;
  userKey: string;
  postingIds: string[];
}

interface ScenarioResult {
  name: string;
  load: LoadResult;
  latency: LatencySummary;
  turnsPerSecond: number;
  /** CPU ms per answered turn, in the bot's process and in the database server. */
  botCpuPerTurn?: number;
  dbCpuPerTurn?: number;
  /** Database commands per answered turn (command, collection, filter fields), most frequent first, with their mean time (ms). */
  commandsPerTurn?: Array<{ command: string; perTurn: number; meanMs: number }>;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      'duration-ms': { type: 'string', default: '10000' },
      'warmup-ms': { type: 'string', default: '3000' },
      users: { type: 'string', default: '20' },
      jobs: { type: 'string', default: '200' },
      accounts: { type: 'string' },
      seed: { type: 'string', default: 'fast' },
      runtime: { type: 'string', default: 'compiled' },
      'cpu-prof': { type: 'string' },
      'ferretdb-binary': { type: 'string' },
      'bot-node-args': { type: 'string', default: '' },
      'build-dir': { type: 'string' },
    },
  });
  const numbers = {
    durationMs: Number(values['duration-ms']),
    warmupMs: Number(values['warmup-ms']),
    users: Number(values.users),
    jobs: Number(values.jobs),
    accounts: Number(values.accounts ?? values.users),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  }
  if (numbers.jobs < 4) throw new Error('--jobs must be at least 4 (compare picks 4)');
  if (numbers.accounts > numbers.users) throw new Error('--accounts cannot exceed --users');
  if (values.runtime !== 'compiled' && values.runtime !== 'tsx') throw new Error('--runtime is compiled or tsx');
  if (values.seed !== 'fast' && values.seed !== 'bot') throw new Error('--seed is fast or bot');
  return { ...numbers, seed: values.seed, runtime: values.runtime, cpuProfileDir: values['cpu-prof'], ferretDbBinary: values['ferretdb-binary'], botNodeArgs: values['bot-node-args'].split(' ').filter(Boolean), buildDir: values['build-dir'] };
}

/** A message turn whose single reply must pass `judge`. */
function messageTurn(replies: ReplyCollector, connector: BenchConnector, user: TestUser, text: string, judge: (reply: any) => string | undefined): PlannedTurn {
  const activity = personalMessage(connector.url, user, text);
  replies.expect(activity.id);
  return {
    activity,
    check(answer: Answer) {
      const got = replies.take(activity.id);
      if (answer.status !== 200) return `HTTP ${answer.status}`;
      if (got.length !== 1) return `${got.length} replies instead of 1`;
      return judge(got[0]);
    },
  };
}

/** CPU so far (bot process, database server) and the database commands the bot sent so far. */
type Resources = () => Promise<{ bot: number; db?: number; commands?: Record<string, CommandTally> }>;

async function measure(name: string, client: BotClient, options: Options, next: (vu: number, iteration: number) => PlannedTurn, resources?: Resources): Promise<ScenarioResult> {
  process.stdout.write(`  ${name}: warm-up ${options.warmupMs} ms, `);
  await runLoad(client, { users: options.users, durationMs: options.warmupMs, next });
  process.stdout.write(`measuring ${options.durationMs} ms… `);
  const before = await resources?.();
  const load = await runLoad(client, { users: options.users, durationMs: options.durationMs, next });
  const after = await resources?.();
  const turnsPerSecond = load.ok / (load.elapsedMs / 1000);
  console.log(`${turnsPerSecond.toFixed(0)} turns/s, ${load.errors} errors`);
  for (const [reason, count] of load.reasons) console.log(`    error ×${count}: ${reason}`);
  const answered = load.latencies.length || 1;
  return {
    name,
    load,
    latency: summarize(load.latencies),
    turnsPerSecond,
    botCpuPerTurn: before && after ? (after.bot - before.bot) / answered : undefined,
    dbCpuPerTurn: before?.db !== undefined && after?.db !== undefined ? (after.db - before.db) / answered : undefined,
    commandsPerTurn: Object.entries(after?.commands ?? {})
      .map(([command, tally]) => {
        const earlier = before?.commands?.[command] ?? { count: 0, ms: 0 };
        const count = tally.count - earlier.count;
        return { command, perTurn: count / answered, meanMs: count > 0 ? (tally.ms - earlier.ms) / count : 0 };
      })
      .filter(({ perTurn }) => perTurn >= 0.05)
      .sort((a, b) => b.perTurn - a.perTurn),
  };
}

/** Pages the product may read per minute from one host and for one user (SafeFetcher's limit); the bench stays under it. */
const FETCHES_PER_MINUTE = 60;

/** Links to `jobs` generated job pages, spread over enough host aliases that no host is read more than 40 times. */
async function jobLinks(site: FixtureSite, jobs: number): Promise<{ links: string[]; aliases: HostAliases }> {
  const aliases = await startHostAliases(site.port, Math.min(200, Math.ceil(jobs / 40)));
  const links = Array.from({ length: jobs }, (_, k) =>
    aliases.baseUrls[k % aliases.baseUrls.length] +
    generatedJobPath(`bench-${k}`, {
      title: `Bench job ${k}`,
      company: COMPANIES[k % COMPANIES.length],
      city: CITIES[k % CITIES.length],
      remote: k % 3 === 0,
      salaryMin: 50_000 + (k % 40) * 1000,
      salaryMax: 70_000 + (k % 40) * 1000,
      currency: 'EUR',
      datePosted: '2026-11-01',
    }),
  );
  return { links, aliases };
}

/** Pastes links as one user, 5 per message; returns the posting id of each link, from the job cards the bot answered with. */
async function paste(client: BotClient, connector: BenchConnector, replies: ReplyCollector, user: TestUser, links: readonly string[]): Promise<string[]> {
  const postingIds: string[] = [];
  for (let first = 0; first < links.length; first += LINKS_PER_MESSAGE) {
    const batch = links.slice(first, first + LINKS_PER_MESSAGE);
    const activity = personalMessage(connector.url, user, batch.join('\n'));
    replies.expect(activity.id);
    const answer = await client.post(activity);
    const cards = replies.take(activity.id).map(cardTextOf);
    const ids = cards.map((card) => card?.match(/"postingId":"([a-f0-9]{32})"/)?.[1]);
    if (answer.status !== 200 || ids.length !== batch.length || ids.some((id) => !id)) {
      const refusal = cards.find((card) => !card?.includes('"postingId"'));
      throw new Error(`seeding: a message of ${batch.length} links got HTTP ${answer.status} and ${ids.filter(Boolean).length} job cards: ${refusal?.slice(0, 400)}`);
    }
    postingIds.push(...(ids as string[]));
  }
  return postingIds;
}

/**
 * Seeds each persona's collection. First every posting is read once through the bot, the links shared out
 * among the users (so no user or host goes over the product's fetch limit); then the first user pastes every
 * link. The others paste them too (`--seed bot`), or get the same tracked jobs and `captured` events through
 * the product's repositories (`--seed fast`).
 */
async function seedCollections(client: BotClient, connector: BenchConnector, replies: ReplyCollector, database: BenchDatabase, site: FixtureSite, aliases: HostAliases, links: string[], personas: Persona[], seed: Options['seed']): Promise<string> {
  const jobs = links.length;
  const started = performance.now();
  // Readers for the first pass: the personas, plus helper users when they are too few to stay under the fetch limit.
  const readers = [...personas.map((p) => p.user)];
  while (readers.length < Math.ceil(jobs / (FETCHES_PER_MINUTE - 20))) readers.push(testUser(`Bench Reader ${readers.length}`, 'tenant-bench'));
  await forEachLimited(readers, readers.length, async (reader, u) => {
    await paste(client, connector, replies, reader, links.filter((_, k) => k % readers.length === u));
  });
  const byBot = seed === 'bot' ? personas : personas.slice(0, 1);
  await forEachLimited(byBot, byBot.length, async (persona) => {
    persona.postingIds = await paste(client, connector, replies, persona.user, links);
  });
  const pastedSeconds = (performance.now() - started) / 1000;
  const pasted = jobs + byBot.length * jobs;
  let how = `${pasted} links pasted through the bot in ${pastedSeconds.toFixed(1)} s (${site.requests.length} page fetches from ${aliases.hosts.length} host aliases${readers.length > personas.length ? `, ${readers.length - personas.length} helper users to read the pages` : ''})`;
  const rest = personas.filter((p) => !byBot.includes(p));
  if (rest.length > 0) {
    const repositoryStarted = performance.now();
    const written = await seedThroughRepositories(database, personas[0].postingIds, rest);
    how += `; ${written} tracked jobs of the other ${rest.length} users written through the product's repositories in ${((performance.now() - repositoryStarted) / 1000).toFixed(1)} s`;
  }
  return how;
}

/**
 * What TrackingService.track writes for a capture, through the same repositories: the tracked job (status
 * Saved) and its `captured` event. Expiry notices are not planned: the generated postings have no expiry.
 * Jobs a user already has (from the first pass) are kept.
 */
async function seedThroughRepositories(database: BenchDatabase, postingIds: string[], personas: Persona[]): Promise<number> {
  const jobsRepository = new MongoTrackedJobRepository(database.db);
  const events = new MongoEventRepository(database.db);
  const postings = new Map((await new MongoPostingRepository(database.db).findMany(postingIds)).map((p) => [p.id, p]));
  let written = 0;
  await forEachLimited(personas, 4, async (persona) => {
    for (const postingId of postingIds) {
      const posting = postings.get(postingId)!;
      const now = new Date();
      const job = newTrackedJob(persona.userKey, posting, now);
      const { created } = await jobsRepository.insertOnce(job);
      if (!created) continue;
      await events.append({ id: `captured:seed-${job.id}:${job.id}`, userKey: persona.userKey, jobId: job.id, type: 'captured', at: now, data: { status: 'saved' } });
      written += 1;
    }
    persona.postingIds = [...postingIds];
  });
  return written;
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
  console.log(`Turns benchmark (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}): ${options.users} concurrent users, ${options.warmupMs} ms warm-up + ${options.durationMs} ms per scenario, ${options.jobs} jobs per collection`);
  const replies = new ReplyCollector();
  const connector = await startBenchConnector({ onCall: replies.onCall });
  cleanups.push(() => connector.close());
  const site = await startFixtureSite();
  cleanups.push(() => site.close());
  const host: HostOptions = {};
  if (options.buildDir) {
    host.build = { dir: options.buildDir, dispose: () => undefined };
  } else if (options.runtime === 'compiled') {
    const build = await compileProject();
    cleanups.push(async () => build.dispose());
    host.build = build;
  }

  // (a) The echo bot, alone on the machine (no database running yet).
  const echo = await startAppHost('echo', {}, host);
  let echoStats: HostStats | undefined;
  cleanups.push(async () => echoStats ?? (await echo.stop()));
  const echoClient = new BotClient(echo.url, options.users);
  const echoUsers = Array.from({ length: options.users }, (_, i) => testUser(`Echo ${i}`));
  console.log('Running:');
  const echoResult = await measure('echo', echoClient, options, (vu, iteration) => {
    const text = `echo ${vu} ${iteration}`;
    return messageTurn(replies, connector, echoUsers[vu], text, (reply) => (reply.text === text ? undefined : `echo answered ${JSON.stringify(reply.text).slice(0, 40)}`));
  }, async () => ({ bot: processStatsOrZero(echo) }));
  echoClient.close();
  echoStats = await echo.stop();

  // The product, on its database, reading job pages from the local site under a few host names.
  const { links, aliases } = await jobLinks(site, options.jobs);
  cleanups.push(() => aliases.close());
  const database = await startBenchDatabase({ ferretDbBinary: options.ferretDbBinary });
  cleanups.push(() => database.dispose());
  const app = await startAppHost('app', {
    MONGODB_URI: database.uri,
    MONGODB_DB: database.name,
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Every alias of the local job site is a loopback address: allowed by name, as tests do.
    FETCH_ALLOW_PRIVATE_HOSTS: aliases.hosts.join(','),
    // The bench pastes 200+ links per user in seconds; the per-user capture limit (default 20/min) is lifted.
    CAPTURES_PER_MINUTE: '10000',
  }, { ...host, countDbCommands: true, nodeArgs: [...options.botNodeArgs, ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [])] });
  let appStats: HostStats | undefined;
  cleanups.push(async () => appStats ?? (await app.stop()));
  const client = new BotClient(app.url, options.users);
  cleanups.push(async () => client.close());

  const personas: Persona[] = Array.from({ length: options.accounts }, (_, i) => {
    const user = testUser(`Bench User ${i}`, 'tenant-bench');
    return { user, userKey: userKeyOf(personalMessage(connector.url, user, '') as never), postingIds: [] };
  });
  const seeding = await seedCollections(client, connector, replies, database, site, aliases, links, personas, options.seed);
  console.log(`  seeded ${personas.length} users × ${options.jobs} jobs: ${seeding}`);
  const sizes = await collectionSizes(database);
  console.log(`  database: ${Object.entries(sizes).map(([name, count]) => `${name} ${count}`).join(', ')}`);
  await app.resetPeak();
  // Virtual user → (account, and which of the account's jobs it clicks: users sharing an account take turns).
  const accountOf = (vu: number) => personas[vu % personas.length];
  const sharers = Math.ceil(options.users / personas.length);
  const jobIndex = (vu: number, iteration: number) => (Math.floor(vu / personas.length) + sharers * iteration) % options.jobs;
  const resources: Resources = async () => ({
    bot: processStatsOrZero(app),
    db: database.serverPid ? processStats(database.serverPid)?.cpuMs : undefined,
    commands: (await app.stats()).dbCommands,
  });

  // (b) Status changes: each user walks their jobs; each click moves a job to the status it is not in.
  const lastStatus = new Map(personas.map((p) => [p, p.postingIds.map(() => 'saved')]));
  const statusResult = await measure('status', client, options, (vu, iteration) => {
    const persona = accountOf(vu);
    const index = jobIndex(vu, iteration);
    const statuses = lastStatus.get(persona)!;
    const status = statuses[index] === 'applied' ? 'interviewing' : 'applied';
    statuses[index] = status;
    const activity = cardAction(connector.url, persona.user, 'job.status', { postingId: persona.postingIds[index], status });
    return {
      activity,
      check(answer) {
        if (answer.status !== 200) return `HTTP ${answer.status}`;
        const body = JSON.parse(answer.body) as { statusCode?: number; type?: string; value?: unknown };
        if (body.statusCode !== 200 || body.type !== ADAPTIVE_CARD) return `invoke answered ${body.statusCode} ${body.type}`;
        return JSON.stringify(body.value).includes(`Status: **${statusLabels[status]}**`) ? undefined : 'card does not show the new status';
      },
    };
  }, resources);

  // (c) The collection.
  const listHeading = `My jobs (${options.jobs})`;
  const listResult = await measure('my jobs', client, options, (vu) =>
    messageTurn(replies, connector, accountOf(vu).user, 'my jobs', (reply) => (cardTextOf(reply)?.includes(listHeading) ? undefined : `not the list card of ${options.jobs} jobs`)),
  resources);

  // (d) Compare 4 (the list above set the numbers; one more `my jobs` each makes sure of it).
  for (const persona of personas) await client.post(personalMessage(connector.url, persona.user, 'my jobs'));
  const compareResult = await measure('compare 4', client, options, (vu) =>
    messageTurn(replies, connector, accountOf(vu).user, 'compare 1 2 3 4', (reply) => {
      const card = cardTextOf(reply) ?? '';
      const titles = new Set(card.match(/Bench job \d+/g) ?? []);
      return card.includes('Side by side') && titles.size === 4 ? undefined : `not a comparison of 4 jobs (${titles.size} titles)`;
    }),
  resources);

  const duringRun = await app.stats();
  client.close();
  appStats = await app.stop();
  const dbStats = database.serverPid ? processStats(database.serverPid) : undefined;

  // A sanity check on the data the scenarios used: one picked job per user still belongs to them.
  const sample = await database.db.collection('trackedJobs').countDocuments({ _id: trackedJobId(personas[0].userKey, personas[0].postingIds[0]) as never });

  printReport(options, echoResult, [statusResult, listResult, compareResult], { echo: echoStats, app: appStats, appPeakDuringScenarios: duringRun.peakRssSinceReset, db: dbStats, dbKind: database.kind, sampleFound: sample === 1, sizes: await collectionSizes(database) });
}

/** Documents per collection the turns touch. */
async function collectionSizes(database: BenchDatabase): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of ['users', 'postings', 'trackedJobs', 'events']) sizes[name] = await database.db.collection(name).estimatedDocumentCount();
  return sizes;
}

function processStatsOrZero(host: AppHost): number {
  return processStats(host.pid)?.cpuMs ?? 0;
}

function printReport(
  options: Options,
  echo: ScenarioResult,
  actions: ScenarioResult[],
  resources: { echo: HostStats; app: HostStats; appPeakDuringScenarios: number; db?: { maxRss: number; cpuMs: number }; dbKind: string; sampleFound: boolean; sizes: Record<string, number> },
): void {
  const share = (r: ScenarioResult) => `${((r.turnsPerSecond / echo.turnsPerSecond) * 100).toFixed(0)}%`;
  const row = (r: ScenarioResult) => [r.name, r.turnsPerSecond.toFixed(0), formatMs(r.latency.p50), formatMs(r.latency.p95), formatMs(r.latency.p99), String(r.load.errors), share(r)];
  console.log('');
  console.log(`Turns over HTTP (load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}), ${options.users} concurrent users (keep-alive) as ${options.accounts} Teams user(s) with ${options.jobs} jobs each, ${options.durationMs / 1000} s per scenario after ${options.warmupMs / 1000} s warm-up; bot runtime: ${options.runtime === 'compiled' ? 'compiled JavaScript' : 'tsx'}; database: ${resources.dbKind}`);
  console.log(
    formatTable({
      headers: ['scenario', 'turns/s', 'p50', 'p95', 'p99', 'errors', '% of echo throughput'],
      rows: [row(echo), ...actions.map(row)],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    }),
  );
  console.log('');
  const cpu = (ms: number | undefined) => (ms === undefined ? '—' : `${ms.toFixed(2)} ms`);
  console.log(
    formatTable({
      headers: ['scenario', 'turns', 'mean', 'max', 'bot CPU / turn', 'db CPU / turn'],
      rows: [echo, ...actions].map((r) => [r.name, String(r.load.ok), formatMs(r.latency.mean), formatMs(r.latency.max), cpu(r.botCpuPerTurn), cpu(r.dbCpuPerTurn)]),
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
    }),
  );
  console.log('');
  console.log(`Peak RSS: product process ${formatMB(resources.app.maxRss)} over its life (seeding included), ${formatMB(resources.appPeakDuringScenarios)} during the scenarios; echo bot process ${formatMB(resources.echo.maxRss)}; bench process (driver, connector, job site) ${formatMB(process.resourceUsage().maxRSS * 1024)}${resources.db ? `; FerretDB ${formatMB(resources.db.maxRss)}` : ''}`);
  console.log(`Database at the end: ${Object.entries(resources.sizes).map(([name, count]) => `${name} ${count}`).join(', ')} documents`);
  if (!resources.sampleFound) console.log('WARNING: a seeded job was not found in the database after the run');
  console.log('');
  console.log('Database commands per turn (driver command monitoring in the product process; filter fields in braces; mean time from sending to answer):');
  for (const action of actions) {
    console.log(`  ${action.name}: ${(action.commandsPerTurn ?? []).map(({ command, perTurn, meanMs }) => `${command} ×${perTurn.toFixed(perTurn >= 0.95 ? 0 : 2)} (${meanMs.toFixed(1)} ms)`).join('; ')}`);
  }
  console.log('');
  const status = actions[0];
  const statusShare = status.turnsPerSecond / echo.turnsPerSecond;
  console.log('Goals:');
  console.log(`  status-change invoke ≥ ${STATUS_GOAL_SHARE * 100}% of echo throughput: ${statusShare >= STATUS_GOAL_SHARE ? 'MET' : 'NOT MET'} (${status.turnsPerSecond.toFixed(0)} vs ${echo.turnsPerSecond.toFixed(0)} turns/s = ${(statusShare * 100).toFixed(0)}%)`);
  for (const action of actions) {
    const met = action.latency.p95 < P95_GOAL_MS && action.load.errors === 0;
    console.log(`  p95 of ${action.name} < ${P95_GOAL_MS} ms with ${options.users} users: ${met ? 'MET' : 'NOT MET'} (p95 ${formatMs(action.latency.p95)}${action.load.errors ? `, ${action.load.errors} errors` : ''})`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
