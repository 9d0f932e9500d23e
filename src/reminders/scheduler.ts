import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import { handleError } from '../errors';
import type { Logger } from '../logger';
import type { ReminderDelivery } from './delivery';
import type { PostingRecheck } from './recheck';

/** Scheduled job names. Job data holds ids only; handlers load state and call the domain. */
export const JobNames = {
  /**
   * Delivers every due reminder. Reminders have no job each: a sweep every few seconds is the one way a
   * reminder goes out (due, moved by quiet hours or back-off, or left by a worker that died), and it keeps
   * the jobs collection small, which Agenda's polling needs on FerretDB.
   */
  remindersSweep: 'reminders.sweep',
  /** The daily re-check of watched postings. */
  postingsRecheck: 'postings.recheck',
  /** The daily deletion of the delivery claims of reminders sent more than a day ago. */
  claimsCleanup: 'reminders.forgetClaims',
} as const;

/** Timing of the scheduler. */
export interface SchedulerTiming {
  /** How often Agenda looks for due jobs. */
  processEveryMs: number;
  /** How often the sweep runs (how late a reminder may be). */
  sweepEveryMs: number;
}

/** The job scheduler (Agenda) running in this process. */
export interface Scheduler {
  state(): 'running' | 'stopped';
  /** Defines the jobs and starts processing. */
  start(handlers: { delivery: ReminderDelivery; recheck: PostingRecheck }): Promise<void>;
  /** Stops taking jobs and waits for running ones to finish. */
  stop(): Promise<void>;
}

/**
 * Creates Agenda on an already connected and indexed database. It is handed the `Db`, never a
 * URI: Agenda's own connect has no error handler, so an unreachable database would crash the process.
 * On FerretDB Agenda's locking is not atomic: a job may run twice, which the delivery claims make harmless.
 */
export function createScheduler(db: Db, log: Logger, timing: SchedulerTiming): Scheduler {
  // A single-field sort keeps the job query portable to Cosmos DB.
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'agendaJobs', sort: { nextRunAt: 'asc' } }),
    processEvery: timing.processEveryMs,
  });
  let running = false;
  agenda.on('error', (error: unknown) => handleError(error, log, { component: 'scheduler' }));
  agenda.on('fail', (error: unknown, job: { attrs: { name: string; _id?: unknown } }) =>
    handleError(error, log, { component: 'scheduler', job: job.attrs.name, jobId: String(job.attrs._id) }),
  );
  return {
    state: () => (running ? 'running' : 'stopped'),
    async start({ delivery, recheck }) {
      agenda.define(JobNames.remindersSweep, async () => {
        await delivery.sweep();
      });
      agenda.define(JobNames.claimsCleanup, async () => {
        log.info({ claims: await delivery.forgetOldClaims() }, 'delivery claims of sent reminders forgotten');
      });
      agenda.define(JobNames.postingsRecheck, async () => {
        const report = await recheck.run();
        log.info(report, 'postings re-checked');
      });
      await agenda.start();
      await agenda.every(timing.sweepEveryMs, JobNames.remindersSweep);
      await agenda.every('1 day', JobNames.postingsRecheck);
      await agenda.every('1 day', JobNames.claimsCleanup);
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      await agenda.drain(10_000);
    },
  };
}
