/**
 * A day of many people using the bot at once (issue 8): 200 simulated users who think between actions and
 * paste job links, change statuses, add notes, list their jobs, compare and set reminders, beside a bare
 * echo bot driven the same way. Afterwards the database is checked against every answer the users got.
 *
 *   npm run bench:load [-- --duration-ms 60000 --users 200 --think-ms 2000 --seed-jobs 3 --saturation-ms 15000
 *                         --timeout-ms 30000 --skip-echo --runtime compiled|tsx --build-dir DIR --ferretdb-binary PATH
 *                         --bot-node-args=FLAGS --cpu-prof DIR]
 *
 * Everything is real, as in bench/turns.ts: the product (`startApp(loadConfig(...))`, compiled, in a
 * process of its own) on the embedded FerretDB (or MONGODB_URI), driven over keep-alive HTTP from this
 * process, which also runs a local Bot Connector that records what the bot sends and a local job site
 * (generated job pages and the captured pages under test/fixtures/, behind many loopback host names so
 * no host goes over the product's per-host fetch limit).
 *
 * Each user pauses for an exponentially distributed time (mean `--think-ms`, kept within 250 ms–15 s),
 * then takes one action, picked with these weights:
 *   paste link  a link to a job page, new to this user (a quarter of them pages other users saved too)
 *   status      `adaptiveCard/action` job.status, to one of the next statuses the card offers
 *   note        `adaptiveCard/action` job.note
 *   my jobs     the text command
 *   compare     `compare 1 2 …` (2–4 jobs of the last list; a user who has not listed lists instead)
 *   reminder    `adaptiveCard/action` reminder.set with a quick pick
 * Every answer is checked (the right card, the right status, one reply per message); a wrong one is an error.
 * Afterwards every acknowledged capture, status change, note and reminder must be in the database, for
 * the right user (a lost write otherwise), and every job's status must be the last one acknowledged.
 * With `--saturation-ms` the same users then act without pausing (a closed loop), echo bot and product
 * alike: what the machine does when it is overloaded.
 * Not a test: nothing here fails on a number.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { userKeyOf } from '../src/bot/identity';
import { contentId } from '../src/postings/canonicalUrl';
import { nextStatuses, statusLabels, type Status } from '../src/tracking/trackedJob';
import { trackedJobId } from '../src/tracking/trackingService';
import { cardAction, personalMessage, testUser, type TestUser } from '../test/support/activities';
import { generatedJobPath, startFixtureSite, type FixtureSite } from '../test/support/fixtureSite';
import { compileProject, startAppHost, type AppHost, type HostOptions } from './lib/appHost';
import { runCleanups, stopOnSignal, type Cleanups } from './lib/cleanup';
import { startBenchConnector, type BenchConnector } from './lib/connector';
import { startBenchDatabase, type BenchDatabase } from './lib/database';
import { startHostAliases, type HostAliases } from './lib/hostAliases';
import { BotClient, forEachLimited } from './lib/load';
import { processStats } from './lib/process';
import { cardTextOf, invokeCardText, ReplyCollector } from './lib/replies';
import { exponentialThink, runSessions, type SessionAction, type SessionResult } from './lib/sessions';
import { formatMB, formatMs, summarize } from './lib/stats';
import { formatTable } from './lib/table';

/** Goals of issue 8. */
const P95_GOAL_MS = 150;
const RSS_GOAL_BYTES = 400e6;
/** Per-user limits the product is started with: above what the workload does, so a realistic user never meets them. */
const BENCH_LIMITS = { CAPTURES_PER_MINUTE: '120', SUMMARIES_PER_MINUTE: '60' };
const DEFAULT_LIMITS = { CAPTURES_PER_MINUTE: 20, SUMMARIES_PER_MINUTE: 10 };
/** Host names for the job site: the product reads at most 60 pages a minute from one host. */
const HOST_ALIASES = 120;
const THINK_MIN_MS = 250;
const THINK_MAX_MS = 15_000;
const ACTIONS = ['paste link', 'status', 'note', 'my jobs', 'compare', 'reminder'] as const;
type ActionName = (typeof ACTIONS)[number];
const WEIGHTS: Record<ActionName, number> = { 'paste link': 0.12, status: 0.3, note: 0.15, 'my jobs': 0.2, compare: 0.1, reminder: 0.13 };
/** Captured pages (test/fixtures/) several users save: the first paste reads the page, the others find the stored posting. */
const SHARED_PAGE_CANDIDATES = [
  '/pages/contoso-jsonld.html',
  '/postings/06-workday-thales-jsonld.html',
  '/postings/07-linkedin-guest-job-talan.html',
  '/postings/08-linkedin-guest-job-secretaire.html',
  '/postings/09-personio-apply-comparis-rendered.html',
  '/postings/10-successfactors-hkjc-detail.html',
  '/postings/40-made-graph-organization.html',
  '/postings/42-made-cdata-escaped-salary.html',
  '/postings/43-made-telecommute-hourly.html',
];
const SHARED_SHARE = 0.25;
const COMPANIES = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Wingtip', 'Woodgrove', 'Alpine'];
const CITIES = ['Berlin', 'Lisbon', 'Dublin', 'Austin', 'Toronto'];
const PRESETS = ['tomorrow', 'in3days', 'inAWeek'] as const;

interface Options {
  durationMs: number;
  users: number;
  thinkMs: number;
  seedJobs: number;
  saturationMs: number;
  timeoutMs: number;
  skipEcho: boolean;
  runtime: 'compiled' | 'tsx';
  buildDir?: string;
  ferretDbBinary?: string;
  botNodeArgs: string[];
  cpuProfileDir?: string;
}

/** A job in a simulated user's collection, as the answers they got describe it. */
interface SimJob {
  postingId: string;
  jobId: string;
  status: Status;
  /** A status change of this job went unanswered: what the database holds is not known. */
  uncertain: boolean;
}

/** A simulated user. */
interface SimUser {
  index: number;
  user: TestUser;
  userKey: string;
  jobs: SimJob[];
  /** Rows of the last list shown to them (compare picks from it). */
  listed: number;
  /** Generated links pasted so far. */
  pasted: number;
  sharedOwned: Set<string>;
  /** A capture went unanswered: the size of their collection is not known. */
  uncertainCount: boolean;
}

/** Every write the bot acknowledged, to look for in the database afterwards. */
interface Ledger {
  captures: Array<{ userKey: string; jobId: string; eventId: string }>;
  statuses: Array<{ userKey: string; jobId: string; to: Status; eventId: string }>;
  notes: Array<{ userKey: string; jobId: string; text: string; eventId: string }>;
  reminders: Array<{ userKey: string; jobId: string; reminderId: string }>;
}

interface Phase {
  name: string;
  result: SessionResult;
  /** Bot process peak RSS during the phase, bytes. */
  peakRss: number;
  botCpuMs: number;
  dbCpuMs?: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      'duration-ms': { type: 'string', default: '60000' },
      users: { type: 'string', default: '200' },
      'think-ms': { type: 'string', default: '2000' },
      'seed-jobs': { type: 'string', default: '3' },
      'saturation-ms': { type: 'string', default: '15000' },
      'timeout-ms': { type: 'string', default: '30000' },
      'skip-echo': { type: 'boolean', default: false },
      runtime: { type: 'string', default: 'compiled' },
      'build-dir': { type: 'string' },
      'ferretdb-binary': { type: 'string' },
      'bot-node-args': { type: 'string', default: '' },
      'cpu-prof': { type: 'string' },
    },
  });
  const numbers = {
    durationMs: Number(values['duration-ms']),
    users: Number(values.users),
    thinkMs: Number(values['think-ms']),
    seedJobs: Number(values['seed-jobs']),
    saturationMs: Number(values['saturation-ms']),
    timeoutMs: Number(values['timeout-ms']),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0`);
  }
  if (numbers.users < 1 || numbers.durationMs < 1000) throw new Error('--users must be ≥ 1 and --duration-ms ≥ 1000');
  if (numbers.seedJobs > 5) throw new Error('--seed-jobs is at most 5 (one message)');
  if (values.runtime !== 'compiled' && values.runtime !== 'tsx') throw new Error('--runtime is compiled or tsx');
  return {
    ...numbers,
    skipEcho: values['skip-echo'],
    runtime: values.runtime,
    buildDir: values['build-dir'],
    ferretDbBinary: values['ferretdb-binary'],
    botNodeArgs: values['bot-node-args'].split(' ').filter(Boolean),
    cpuProfileDir: values['cpu-prof'],
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const cleanups: Cleanups = [];
  stopOnSignal(cleanups);
  try {
    await run(options, cleanups);
  } finally {
    await runCleanups(cleanups);
  }
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

async function run(options: Options, cleanups: Cleanups): Promise<void> {
  console.log(`Load benchmark (${os.cpus().length} cores, load average ${loadAverage()}): ${options.users} users, think time exponential with mean ${options.thinkMs} ms (${THINK_MIN_MS} ms–${THINK_MAX_MS / 1000} s), ${options.durationMs / 1000} s${options.saturationMs ? `, then ${options.saturationMs / 1000} s without think time` : ''}`);
  const replies = new ReplyCollector();
  const connector = await startBenchConnector({ onCall: replies.onCall });
  cleanups.push(() => connector.close());
  const site = await startFixtureSite();
  cleanups.push(() => site.close());
  const aliases = await startHostAliases(site.port, HOST_ALIASES);
  cleanups.push(() => aliases.close());
  const host: HostOptions = {};
  if (options.buildDir) {
    host.build = { dir: options.buildDir, dispose: () => undefined };
  } else if (options.runtime === 'compiled') {
    const build = await compileProject();
    cleanups.push(async () => build.dispose());
    host.build = build;
  }
  const think = exponentialThink(options.thinkMs, THINK_MIN_MS, THINK_MAX_MS);

  // (a) The echo bot, driven by the same users with the same pauses; no database running yet.
  let echo: { phases: Phase[]; maxRss: number } | undefined;
  if (!options.skipEcho) {
    console.log('Echo bot:');
    const echoHost = await startAppHost('echo', {}, host);
    let echoStopped: Awaited<ReturnType<AppHost['stop']>> | undefined;
    cleanups.push(async () => echoStopped ?? (await echoHost.stop()));
    const client = new BotClient(echoHost.url, options.users);
    const users = Array.from({ length: options.users }, (_, i) => testUser(`Echo ${i}`));
    let n = 0;
    const next = (vu: number): SessionAction => ({
      name: 'echo',
      async run() {
        const text = `echo ${vu} ${n++}`;
        const activity = personalMessage(connector.url, users[vu], text);
        replies.expect(activity.id);
        const answer = await client.post(activity, options.timeoutMs);
        const got = replies.take(activity.id);
        if (answer.status !== 200) return `HTTP ${answer.status}`;
        if (got.length !== 1) return `${got.length} replies instead of 1`;
        return got[0].text === text ? undefined : 'echo answered another text';
      },
    });
    const phases = [await phase('with think time', echoHost, undefined, () => runSessions({ users: options.users, durationMs: options.durationMs, think, next }))];
    if (options.saturationMs) phases.push(await phase('no think time', echoHost, undefined, () => runSessions({ users: options.users, durationMs: options.saturationMs, think: () => 0, next })));
    client.close();
    echoStopped = await echoHost.stop();
    echo = { phases, maxRss: echoStopped.maxRss };
  }

  // (b) The product.
  const database = await startBenchDatabase({ ferretDbBinary: options.ferretDbBinary });
  cleanups.push(() => database.dispose());
  const app = await startAppHost('app', {
    MONGODB_URI: database.uri,
    MONGODB_DB: database.name,
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Every alias of the local job site is a loopback address: allowed by name, as tests do.
    FETCH_ALLOW_PRIVATE_HOSTS: aliases.hosts.join(','),
    ...BENCH_LIMITS,
  }, { ...host, nodeArgs: [...options.botNodeArgs, ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [])] });
  let appStopped: Awaited<ReturnType<AppHost['stop']>> | undefined;
  cleanups.push(async () => appStopped ?? (await app.stop()));
  const client = new BotClient(app.url, options.users);
  cleanups.push(async () => client.close());

  const sharedLinks = await probeSharedPages(client, connector, replies, aliases, options.timeoutMs);
  const users: SimUser[] = Array.from({ length: options.users }, (_, index) => {
    const user = testUser(`Load User ${index}`, 'tenant-load');
    return { index, user, userKey: userKeyOf(personalMessage(connector.url, user, '') as never), jobs: [], listed: 0, pasted: 0, sharedOwned: new Set(), uncertainCount: false };
  });
  const ledger: Ledger = { captures: [], statuses: [], notes: [], reminders: [] };
  const driver = new Driver(client, connector, replies, aliases, sharedLinks, ledger, options.timeoutMs);

  console.log('Product:');
  const seedStarted = performance.now();
  let seedErrors = 0;
  if (options.seedJobs > 0) {
    await forEachLimited(users, 8, async (user) => {
      const problem = await driver.paste(user, options.seedJobs, false);
      if (problem) seedErrors += 1;
    });
  }
  console.log(`  seeded ${users.length} users × ${options.seedJobs} jobs (pasted through the bot, one message each) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s${seedErrors ? `, ${seedErrors} messages failed` : ''}`);

  const resources = async () => ({ bot: processStats(app.pid)?.cpuMs ?? 0, db: database.serverPid ? processStats(database.serverPid)?.cpuMs : undefined });
  const next = (vu: number) => driver.nextAction(users[vu]);
  const phases = [await phase('with think time', app, resources, () => runSessions({ users: options.users, durationMs: options.durationMs, think, next }))];
  if (options.saturationMs) phases.push(await phase('no think time', app, resources, () => runSessions({ users: options.users, durationMs: options.saturationMs, think: () => 0, next })));
  client.close();
  appStopped = await app.stop();
  const dbStats = database.serverPid ? processStats(database.serverPid) : undefined;

  const verification = await verify(database, users, ledger);
  printReport(options, { echo, phases, appMaxRss: appStopped.maxRss, dbMaxRss: dbStats?.maxRss, dbKind: database.kind, sharedPages: sharedLinks.length, verification, users });
}

/** Runs one phase against a host, with its peak RSS and CPU. */
async function phase(name: string, host: AppHost, resources: (() => Promise<{ bot: number; db?: number }>) | undefined, drive: () => Promise<SessionResult>): Promise<Phase> {
  process.stdout.write(`  ${name}: `);
  await host.resetPeak();
  const before = await resources?.();
  const cpuBefore = processStats(host.pid)?.cpuMs ?? 0;
  const result = await drive();
  const after = await resources?.();
  const peakRss = (await host.stats()).peakRssSinceReset;
  let ok = 0;
  let errors = 0;
  for (const tally of result.byAction.values()) {
    ok += tally.ok;
    errors += tally.errors;
  }
  console.log(`${(ok / (result.elapsedMs / 1000)).toFixed(0)} actions/s, ${errors} errors, peak RSS ${formatMB(peakRss)}`);
  for (const [action, tally] of result.byAction) for (const [reason, count] of tally.reasons) console.log(`    ${action} error ×${count}: ${reason}`);
  return {
    name,
    result,
    peakRss,
    botCpuMs: (processStats(host.pid)?.cpuMs ?? 0) - cpuBefore,
    dbCpuMs: before?.db !== undefined && after?.db !== undefined ? after.db - before.db : undefined,
  };
}

/** The captured fixture pages the product reads as a job (each pasted once by a helper user); the others are left out. */
async function probeSharedPages(client: BotClient, connector: BenchConnector, replies: ReplyCollector, aliases: HostAliases, timeoutMs: number): Promise<string[]> {
  const prober = testUser('Load Prober', 'tenant-load');
  const links: string[] = [];
  for (const [k, path] of SHARED_PAGE_CANDIDATES.entries()) {
    // One host each, after the ones generated links use most.
    const link = aliases.baseUrls[aliases.baseUrls.length - 1 - k] + path;
    const activity = personalMessage(connector.url, prober, link);
    replies.expect(activity.id);
    const answer = await client.post(activity, timeoutMs);
    const cards = replies.take(activity.id).map(cardTextOf);
    if (answer.status === 200 && cards.length === 1 && cards[0]?.includes('"postingId"')) links.push(link);
  }
  return links;
}

/** Picks each user's next action and checks its answer, keeping the ledger of acknowledged writes. */
class Driver {
  constructor(
    private readonly client: BotClient,
    private readonly connector: BenchConnector,
    private readonly replies: ReplyCollector,
    private readonly aliases: HostAliases,
    private readonly sharedLinks: string[],
    private readonly ledger: Ledger,
    private readonly timeoutMs: number,
  ) {}

  nextAction(user: SimUser): SessionAction {
    const name = user.jobs.length === 0 ? 'paste link' : this.weighted();
    switch (name) {
      case 'paste link':
        return { name, run: () => this.paste(user, 1, true) };
      case 'status':
        return { name, run: () => this.setStatus(user) };
      case 'note':
        return { name, run: () => this.addNote(user) };
      case 'reminder':
        return { name, run: () => this.setReminder(user) };
      case 'compare':
        if (user.listed >= 2) return { name, run: () => this.compare(user) };
        return { name: 'my jobs', run: () => this.list(user) };
      case 'my jobs':
        return { name, run: () => this.list(user) };
    }
  }

  private weighted(): ActionName {
    let roll = Math.random();
    for (const action of ACTIONS) {
      roll -= WEIGHTS[action];
      if (roll < 0) return action;
    }
    return 'status';
  }

  /** Pastes `count` links new to the user in one message (sometimes a page others saved too); each must come back as a job card. */
  async paste(user: SimUser, count: number, mayShare: boolean): Promise<string | undefined> {
    const links: Array<{ url: string; title?: string; shared?: string }> = [];
    for (let i = 0; i < count; i += 1) {
      const shared = mayShare && Math.random() < SHARED_SHARE ? this.sharedLinks.find((l) => !user.sharedOwned.has(l)) : undefined;
      if (shared) {
        links.push({ url: shared, shared });
        continue;
      }
      const k = user.pasted++;
      const title = `Load job u${user.index}-${k}`;
      // Spread over the host names (the last few are the shared pages').
      const base = this.aliases.baseUrls[(user.index * 7 + k) % (this.aliases.baseUrls.length - SHARED_PAGE_CANDIDATES.length)];
      const path = generatedJobPath(`load-u${user.index}-${k}`, {
        title,
        company: COMPANIES[(user.index + k) % COMPANIES.length],
        city: CITIES[k % CITIES.length],
        remote: k % 3 === 0,
        salaryMin: 50_000 + (k % 40) * 1000,
        salaryMax: 70_000 + (k % 40) * 1000,
        currency: 'EUR',
        datePosted: '2026-11-01',
      });
      links.push({ url: base + path, title });
    }
    const activity = personalMessage(this.connector.url, user.user, links.length === 1 ? `Look at this one: ${links[0].url}` : links.map((l) => l.url).join('\n'));
    this.replies.expect(activity.id);
    let answer;
    try {
      answer = await this.client.post(activity, this.timeoutMs);
    } catch (error) {
      user.uncertainCount = true;
      this.replies.take(activity.id);
      throw error;
    }
    const cards = this.replies.take(activity.id).map(cardTextOf);
    if (answer.status !== 200) {
      user.uncertainCount = true;
      return `HTTP ${answer.status}`;
    }
    if (cards.length !== links.length) {
      user.uncertainCount = true;
      return `${cards.length} replies to ${links.length} links`;
    }
    for (const [i, link] of links.entries()) {
      const card = cards[i] ?? '';
      const postingId = card.match(/"postingId":"([a-f0-9]{32})"/)?.[1];
      if (!postingId || (link.title && !card.includes(link.title))) {
        user.uncertainCount = true;
        return `not the job card of the link (${card.slice(0, 80)})`;
      }
      if (link.shared) user.sharedOwned.add(link.shared);
      const jobId = trackedJobId(user.userKey, postingId);
      user.jobs.push({ postingId, jobId, status: 'saved', uncertain: false });
      this.ledger.captures.push({ userKey: user.userKey, jobId, eventId: `captured:${activity.id}:${jobId}` });
    }
    return undefined;
  }

  /** A card click: the status goes to one of the next ones the card offers. */
  private async setStatus(user: SimUser): Promise<string | undefined> {
    const job = pick(user.jobs);
    const status = pick(nextStatuses[job.status]);
    const activity = cardAction(this.connector.url, user.user, 'job.status', { postingId: job.postingId, status });
    const answer = await this.invoke(activity, () => (job.uncertain = true));
    if ('problem' in answer) {
      job.uncertain = true;
      return answer.problem;
    }
    if (!answer.card.includes(`Status: **${statusLabels[status]}**`)) {
      job.uncertain = true;
      return 'card does not show the new status';
    }
    job.status = status;
    this.ledger.statuses.push({ userKey: user.userKey, jobId: job.jobId, to: status, eventId: `status:${activity.id}` });
    return undefined;
  }

  private async addNote(user: SimUser): Promise<string | undefined> {
    const job = pick(user.jobs);
    const text = `Called the recruiter, ${Math.random().toString(36).slice(2, 10)}`;
    const activity = cardAction(this.connector.url, user.user, 'job.note', { postingId: job.postingId, note: text });
    const answer = await this.invoke(activity);
    if ('problem' in answer) return answer.problem;
    if (!answer.card.includes('Note saved') || !answer.card.includes(text)) return 'card does not show the note';
    this.ledger.notes.push({ userKey: user.userKey, jobId: job.jobId, text, eventId: `note:${activity.id}` });
    return undefined;
  }

  private async setReminder(user: SimUser): Promise<string | undefined> {
    const job = pick(user.jobs);
    const activity = cardAction(this.connector.url, user.user, 'reminder.set', { postingId: job.postingId, preset: pick(PRESETS) });
    const answer = await this.invoke(activity);
    if ('problem' in answer) return answer.problem;
    if (!answer.card.includes('Reminder set for')) return 'card does not confirm the reminder';
    // The id ReminderService derives from the request, so a retried click sets one reminder.
    const reminderId = `r${contentId(`followUp\n${user.userKey}\n${activity.id}`).slice(0, 23)}`;
    this.ledger.reminders.push({ userKey: user.userKey, jobId: job.jobId, reminderId });
    return undefined;
  }

  private async list(user: SimUser): Promise<string | undefined> {
    const card = await this.message(user, 'my jobs');
    if (typeof card !== 'string') return card.problem;
    const heading = user.uncertainCount ? 'My jobs (' : `My jobs (${user.jobs.length})`;
    if (!card.includes(heading)) return `not the list card of ${user.jobs.length} jobs`;
    user.listed = Math.min(10, user.jobs.length);
    return undefined;
  }

  private async compare(user: SimUser): Promise<string | undefined> {
    const count = 2 + Math.floor(Math.random() * (Math.min(4, user.listed) - 1));
    const card = await this.message(user, `compare ${Array.from({ length: count }, (_, i) => i + 1).join(' ')}`);
    if (typeof card !== 'string') return card.problem;
    return card.includes('Side by side') ? undefined : `not a comparison (${card.slice(0, 80)})`;
  }

  /** Sends a text and returns the card of its one reply. */
  private async message(user: SimUser, text: string): Promise<string | { problem: string }> {
    const activity = personalMessage(this.connector.url, user.user, text);
    this.replies.expect(activity.id);
    let answer;
    try {
      answer = await this.client.post(activity, this.timeoutMs);
    } finally {
      if (!answer) this.replies.take(activity.id);
    }
    const got = this.replies.take(activity.id);
    if (answer.status !== 200) return { problem: `HTTP ${answer.status}` };
    if (got.length !== 1) return { problem: `${got.length} replies instead of 1` };
    return cardTextOf(got[0]) ?? { problem: 'reply without a card' };
  }

  private async invoke(activity: { id: string }, onTransportError?: () => void): Promise<{ card: string } | { problem: string }> {
    try {
      const answer = await this.client.post(activity, this.timeoutMs);
      return invokeCardText(answer.status, answer.body);
    } catch (error) {
      onTransportError?.();
      throw error;
    }
  }
}

/** What the database holds of what was acknowledged. */
interface Verification {
  checked: Record<'captures' | 'statuses' | 'notes' | 'reminders' | 'final statuses', number>;
  lost: Record<'captures' | 'statuses' | 'notes' | 'reminders' | 'final statuses', string[]>;
  skippedUncertain: number;
  ms: number;
}

/** Reads the collections whole (one pass each) and looks for every acknowledged write, for the right user. */
async function verify(database: BenchDatabase, users: SimUser[], ledger: Ledger): Promise<Verification> {
  const started = performance.now();
  const load = async (name: string, projection: Record<string, 1>) =>
    new Map((await database.db.collection(name).find({}, { projection }).toArray()).map((doc) => [String(doc._id), doc as Record<string, any>]));
  const jobs = await load('trackedJobs', { userKey: 1, status: 1 });
  const events = await load('events', { userKey: 1, jobId: 1, type: 1, data: 1 });
  const reminders = await load('reminders', { userKey: 1, jobId: 1 });
  const lost: Verification['lost'] = { captures: [], statuses: [], notes: [], reminders: [], 'final statuses': [] };
  const owned = (doc: Record<string, any> | undefined, userKey: string, jobId: string) => doc !== undefined && doc.userKey === userKey && doc.jobId === jobId;
  for (const c of ledger.captures) {
    if (jobs.get(c.jobId)?.userKey !== c.userKey || !owned(events.get(c.eventId), c.userKey, c.jobId)) lost.captures.push(c.jobId);
  }
  for (const s of ledger.statuses) {
    const event = events.get(s.eventId);
    if (!owned(event, s.userKey, s.jobId) || event?.type !== 'status' || event.data?.to !== s.to) lost.statuses.push(s.eventId);
  }
  for (const n of ledger.notes) {
    const event = events.get(n.eventId);
    if (!owned(event, n.userKey, n.jobId) || event?.type !== 'note' || event.data?.text !== n.text) lost.notes.push(n.eventId);
  }
  for (const r of ledger.reminders) {
    if (!owned(reminders.get(r.reminderId), r.userKey, r.jobId) || !owned(events.get(`set:${r.reminderId}`), r.userKey, r.jobId)) lost.reminders.push(r.reminderId);
  }
  let finals = 0;
  let skippedUncertain = 0;
  for (const user of users) {
    for (const job of user.jobs) {
      if (job.uncertain) {
        skippedUncertain += 1;
        continue;
      }
      finals += 1;
      const doc = jobs.get(job.jobId);
      if (doc?.userKey !== user.userKey || doc.status !== job.status) lost['final statuses'].push(`${job.jobId}: ${doc?.status} instead of ${job.status}`);
    }
  }
  return {
    checked: { captures: ledger.captures.length, statuses: ledger.statuses.length, notes: ledger.notes.length, reminders: ledger.reminders.length, 'final statuses': finals },
    lost,
    skippedUncertain,
    ms: performance.now() - started,
  };
}

function printReport(
  options: Options,
  r: { echo?: { phases: Phase[]; maxRss: number }; phases: Phase[]; appMaxRss: number; dbMaxRss?: number; dbKind: string; sharedPages: number; verification: Verification; users: SimUser[] },
): void {
  const perSecond = (count: number, p: Phase) => (count / (p.result.elapsedMs / 1000)).toFixed(1);
  const rowsOf = (p: Phase, label?: (action: string) => string) => {
    const rows: string[][] = [];
    const all = { latencies: [] as number[], ok: 0, errors: 0 };
    for (const action of [...ACTIONS, 'echo']) {
      const tally = p.result.byAction.get(action);
      if (!tally) continue;
      all.latencies.push(...tally.latencies);
      all.ok += tally.ok;
      all.errors += tally.errors;
      const s = summarize(tally.latencies);
      rows.push([label ? label(action) : action, String(tally.ok + tally.errors), perSecond(tally.ok, p), formatMs(s.p50), formatMs(s.p95), formatMs(s.p99), formatMs(s.max), String(tally.errors)]);
    }
    return { rows, all };
  };
  const totalRow = (name: string, p: Phase, all: { latencies: number[]; ok: number; errors: number }) => {
    const s = summarize(all.latencies);
    return [name, String(all.ok + all.errors), perSecond(all.ok, p), formatMs(s.p50), formatMs(s.p95), formatMs(s.p99), formatMs(s.max), String(all.errors)];
  };
  const headers = ['action', 'count', 'per s', 'p50', 'p95', 'p99', 'max', 'errors'];
  const align = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] as const;

  console.log('');
  console.log(`Mixed load over HTTP (${os.cpus().length} cores shared with the bench driver, connector, job site, database${r.dbKind === 'ferretdb' ? ' (embedded FerretDB)' : ''} and whatever else runs; load average at the end ${loadAverage()}); bot runtime: ${options.runtime === 'compiled' ? 'compiled JavaScript' : 'tsx'}`);
  for (const [i, p] of r.phases.entries()) {
    const echoPhase = r.echo?.phases[i];
    const product = rowsOf(p);
    const rows = [...product.rows, totalRow('all actions', p, product.all)];
    if (echoPhase) {
      const e = rowsOf(echoPhase, () => 'echo bot (same users)');
      rows.push(...e.rows);
    }
    const pauses = p.name === 'with think time' ? `pausing ${options.thinkMs} ms on average between actions` : 'acting again as soon as answered (saturation)';
    console.log('');
    console.log(`${options.users} users ${pauses}, ${(p.result.elapsedMs / 1000).toFixed(0)} s; at most ${p.result.peakInFlight} actions in flight`);
    console.log(formatTable({ headers, rows, align: [...align] }));
    const cpu = (ms: number | undefined, count: number) => (ms === undefined || count === 0 ? '—' : `${(ms / count).toFixed(1)} ms`);
    console.log(`  per action: bot CPU ${cpu(p.botCpuMs, product.all.ok + product.all.errors)}, database CPU ${cpu(p.dbCpuMs, product.all.ok + product.all.errors)}; bot peak RSS ${formatMB(p.peakRss)}${echoPhase ? ` (echo bot ${formatMB(echoPhase.peakRss)})` : ''}`);
  }
  console.log('');
  console.log(`Peak RSS over the whole run: bot ${formatMB(r.appMaxRss)}${r.echo ? `, echo bot ${formatMB(r.echo.maxRss)}` : ''}, bench process (driver, connector, job site) ${formatMB(process.resourceUsage().maxRSS * 1024)}${r.dbMaxRss ? `, FerretDB ${formatMB(r.dbMaxRss)}` : ''}`);
  const jobs = r.users.reduce((sum, u) => sum + u.jobs.length, 0);
  console.log(`Collections at the end: ${jobs} jobs of ${r.users.length} users (${r.sharedPages} captured fixture pages shared among them, the rest generated pages)`);
  console.log(`Bot config: CAPTURES_PER_MINUTE=${BENCH_LIMITS.CAPTURES_PER_MINUTE} (default ${DEFAULT_LIMITS.CAPTURES_PER_MINUTE}) and SUMMARIES_PER_MINUTE=${BENCH_LIMITS.SUMMARIES_PER_MINUTE} (default ${DEFAULT_LIMITS.SUMMARIES_PER_MINUTE}) per user, so no simulated user meets them (a user pastes ${(WEIGHTS['paste link'] * 100).toFixed(0)}% of their actions); ${HOST_ALIASES} host names for the job site, so no host meets the 60 fetches/minute limit`);

  const v = r.verification;
  console.log('');
  console.log(`Database check (${(v.ms / 1000).toFixed(1)} s): every acknowledged write looked up for its user`);
  console.log(
    formatTable({
      headers: ['write', 'acknowledged', 'missing or wrong'],
      rows: (Object.keys(v.checked) as Array<keyof Verification['checked']>).map((k) => [k, String(v.checked[k]), String(v.lost[k].length)]),
      align: ['left', 'right', 'right'],
    }),
  );
  if (v.skippedUncertain) console.log(`  (${v.skippedUncertain} jobs whose last status change went unanswered are not checked for their final status)`);
  for (const [kind, ids] of Object.entries(v.lost)) if (ids.length) console.log(`  ${kind}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`);

  const main = r.phases[0];
  const { all } = rowsOf(main);
  const lostCount = Object.values(v.lost).reduce((sum, ids) => sum + ids.length, 0);
  const slowest = [...main.result.byAction].map(([action, t]) => [action, summarize(t.latencies).p95] as const).sort((a, b) => b[1] - a[1])[0];
  const p95 = summarize(all.latencies).p95;
  console.log('');
  console.log(`Goals (${options.users} users with think time):`);
  console.log(`  0 errors: ${all.errors === 0 ? 'MET' : `NOT MET (${all.errors})`}`);
  console.log(`  0 lost writes: ${lostCount === 0 ? 'MET' : `NOT MET (${lostCount})`}`);
  console.log(`  p95 < ${P95_GOAL_MS} ms: ${p95 < P95_GOAL_MS && slowest[1] < P95_GOAL_MS ? 'MET' : 'NOT MET'} (all actions ${formatMs(p95)}; slowest action ${slowest[0]} ${formatMs(slowest[1])})`);
  console.log(`  bot RSS < ${formatMB(RSS_GOAL_BYTES)}: ${main.peakRss < RSS_GOAL_BYTES ? 'MET' : 'NOT MET'} (peak ${formatMB(main.peakRss)} during the ${options.durationMs / 1000} s; ${formatMB(r.appMaxRss)} over the whole run, seeding and saturation included)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
