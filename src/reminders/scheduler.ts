import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import { handleError } from '../errors';
import type { Logger } from '../logger';

/** The job scheduler (Agenda) running in this process. */
export interface Scheduler {
  agenda: Agenda;
  state(): 'running' | 'stopped';
  start(): Promise<void>;
  /** Stops taking jobs and waits for running ones to finish. */
  stop(): Promise<void>;
}

/**
 * Creates Agenda on an already connected and indexed database. It is handed the `Db`, never a
 * URI: Agenda's own connect has no error handler, so an unreachable database would crash the process.
 */
export function createScheduler(db: Db, log: Logger): Scheduler {
  // A single-field sort keeps the job query portable to Cosmos DB.
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: db, collection: 'agendaJobs', sort: { nextRunAt: 'asc' } }), processEvery: '5 seconds' });
  let running = false;
  agenda.on('error', (error: unknown) => handleError(error, log, { component: 'scheduler' }));
  agenda.on('fail', (error: unknown, job: { attrs: { name: string; _id?: unknown } }) =>
    handleError(error, log, { component: 'scheduler', job: job.attrs.name, jobId: String(job.attrs._id) }),
  );
  return {
    agenda,
    state: () => (running ? 'running' : 'stopped'),
    async start() {
      await agenda.start();
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      await agenda.drain(10_000);
    },
  };
}
