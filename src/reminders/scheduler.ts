import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import { handleError } from '../errors';
import type { Logger } from '../logger';
import type { ReminderDelivery } from './delivery';
import type { ReminderScheduler } from './notifier';
import type { PostingRecheck } from './recheck';

/** Scheduled job names. Job data holds ids only; handlers load state and call the domain. */
export const JobNames = {
  /** One reminder's delivery, at its due time. Data: `{ reminderId }`. */
  reminderDue: 'reminder.due',
  /** Every due reminder (catches any whose own job was lost, and notices moved by quiet hours or back-off). */
  remindersSweep: 'reminders.sweep',
  /** The daily re-check of watched postings. */
  postingsRecheck: 'postings.recheck',
} as const;

/** Timing of the scheduler. */
export interface SchedulerTiming {
  /** How often Agenda looks for due jobs. */
  processEveryMs: number;
  /** How often the sweep runs. */
  sweepEveryMs: number;
}

/** The job scheduler (Agenda) running in this process. */
export interface Scheduler extends ReminderScheduler {
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
    async scheduleDelivery(reminderId, at) {
      await agenda.schedule(at, JobNames.reminderDue, { reminderId });
    },
    async start({ delivery, recheck }) {
      agenda.define(JobNames.reminderDue, async (job: { attrs: { data: { reminderId?: unknown } } }) => {
        const id = job.attrs.data?.reminderId;
        if (typeof id === 'string') await delivery.deliver(id);
      });
      agenda.define(JobNames.remindersSweep, async () => {
        await delivery.sweep();
      });
      agenda.define(JobNames.postingsRecheck, async () => {
        const report = await recheck.run();
        log.info(report, 'postings re-checked');
      });
      await agenda.start();
      await agenda.every(timing.sweepEveryMs, JobNames.remindersSweep);
      await agenda.every('1 day', JobNames.postingsRecheck);
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      await agenda.drain(10_000);
    },
  };
}
