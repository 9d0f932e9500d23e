import type { Activity } from 'botbuilder';
import { JobTrackerBot } from './bot/jobTrackerBot';
import { createAdapter } from './bot/adapter';
import { TEAMS_LIMITS, TeamsNotifier } from './bot/notifier';
import { sendError } from './bot/replies';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, pingDatabase, type Database } from './db/mongo';
import { EmbeddedDatabaseError } from './db/ferretdb';
import { handleError } from './errors';
import { Metrics } from './metrics';
import { startHttpServer } from './http/server';
import { createLogger, type Logger } from './logger';
import { SafeFetcher } from './postings/fetch/safeFetcher';
import { JobPageReader } from './postings/jobPageReader';
import { PostingReader } from './postings/postingReader';
import { CachedPostingRepository } from './postings/postingCache';
import { MongoPostingRepository } from './postings/postingRepository';
import { MongoUserRepository } from './profile/mongoUserRepository';
import { ReminderDelivery } from './reminders/delivery';
import { MongoReminderRepository } from './reminders/mongoReminderRepository';
import { PostingRecheck } from './reminders/recheck';
import { ReminderService } from './reminders/reminderService';
import { createScheduler, type Scheduler } from './reminders/scheduler';
import { createSummarizer, MongoSummaryCache, SummaryService } from './summary';
import { createTab } from './tab';
import { MongoEventRepository } from './tracking/events';
import { MongoTrackedJobRepository } from './tracking/mongoTrackedJobRepository';
import { postingCopies } from './tracking/trackedJob';
import { TrackingService } from './tracking/trackingService';

/** A running product: the HTTP server, its database and scheduler. */
export interface RunningApp {
  url: string;
  database: Database;
  scheduler: Scheduler;
  log: Logger;
  /** Stops taking requests, drains the scheduler, closes the database. */
  stop(): Promise<void>;
}

/** The composition root: config → database → repositories → services → scheduler → bot → http. */
export async function startApp(config: Config, options: { log?: Logger } = {}): Promise<RunningApp> {
  const log = options.log ?? createLogger(config.logLevel);
  const database = await openDatabase(config, log);

  const users = new MongoUserRepository(database.db);
  const postings = new CachedPostingRepository(new MongoPostingRepository(database.db));
  const jobs = new MongoTrackedJobRepository(database.db);
  const events = new MongoEventRepository(database.db);
  const reminderStore = new MongoReminderRepository(database.db);
  const summaryCache = new MongoSummaryCache(database.db);
  // Indexes exist before anything (Agenda included) touches the collections.
  for (const repository of [users, postings, jobs, events, reminderStore, summaryCache]) await repository.ensureIndexes();

  const fetcher = new SafeFetcher({ allowPrivateHosts: config.fetch.allowPrivateHosts, totalTimeoutMs: config.fetch.timeoutMs });
  const pages = new JobPageReader({ fetcher, log: log.child({ component: 'postings' }) });
  // A posting stored again (read afresh, pasted, completed) may say other things: every user's copies follow.
  const reader = new PostingReader({ postings, pages, onStored: (posting) => jobs.refreshCopies(posting.id, postingCopies(posting)) });
  const scheduler = createScheduler(database.db, log.child({ component: 'scheduler' }), config.scheduler);
  const reminders = new ReminderService({ reminders: reminderStore, jobs, postings, users, events });
  const tracking = new TrackingService({
    jobs,
    events,
    postings,
    users,
    reader,
    onSaved: (view) => reminders.planExpiryNotices(view.job.userKey, view.job, view.posting).then(() => undefined),
  });

  const metrics = new Metrics({ countDueReminders: () => reminderStore.countDue(new Date()) });
  const summaries = new SummaryService({ summarizer: createSummarizer(config.summary, log), cache: summaryCache, log: log.child({ component: 'summary' }) });

  const adapter = createAdapter(config);
  if (config.scheduler.enabled) {
    const notifier = new TeamsNotifier(adapter, config.bot?.appId ?? '', log.child({ component: 'notifier' }), { ...TEAMS_LIMITS, perTenantPerSecond: config.notify.tenantPerSecond });
    const delivery = new ReminderDelivery({
      reminders: reminderStore,
      users,
      jobs,
      postings,
      events,
      notifier,
      log: log.child({ component: 'reminders' }),
      worker: config.scheduler.workerId,
      onOutcome: (outcome) => metrics.reminders.inc({ outcome }),
    });
    const recheck = new PostingRecheck({ postings, jobs, pages, reminders, log: log.child({ component: 'recheck' }) });
    await scheduler.start({ delivery, recheck });
  }

  const botLog = log.child({ component: 'bot' });
  adapter.onTurnError = async (context, error) => {
    const appError = handleError(error, botLog, { activity: context.activity.id, conversation: context.activity.conversation?.id });
    await sendError(context, appError).catch((sendError: unknown) => handleError(sendError, botLog, { activity: context.activity.id }));
  };
  const bot = new JobTrackerBot({ tracking, reminders, summaries, users, log: botLog, appId: config.bot?.appId ?? '', limits: config.limits, metrics });
  // `server` is read only once it listens (local mode's export links point at it).
  const tab = createTab({ config, tracking, collection: { jobs, postings, events }, users, summaries, adapter, serverUrl: () => server.url, log: log.child({ component: 'tab' }) });

  const server = await startHttpServer(
    {
      handleActivity: (authorization, activity) => adapter.handleActivity(authorization, activity as Activity, (context) => bot.run(context)),
      health: async () => ({
        database: (await pingDatabase(database.db)) ? 'up' : 'down',
        scheduler: config.scheduler.enabled ? scheduler.state() : 'disabled',
      }),
      log: log.child({ component: 'http' }),
      routes: tab.routes,
      metrics,
    },
    config.http.host,
    config.http.port,
  );
  log.info({ url: `${server.url}/api/messages`, mode: config.mode, database: database.kind }, 'bot listening');

  return {
    url: server.url,
    database,
    scheduler,
    log,
    async stop() {
      await server.close();
      await scheduler.stop();
      await database.close();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  let app: RunningApp;
  try {
    app = await startApp(config, { log });
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) {
      log.fatal(error.message);
      process.exit(2);
    }
    throw error;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        handleError(error, log, { phase: 'shutdown' });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('unhandledRejection', (error) => handleError(error, log, { phase: 'unhandledRejection' }));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
