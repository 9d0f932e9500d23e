import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The product's Prometheus metrics, served at `/metrics`. One registry per process; labels stay
 * low-cardinality (kinds and outcomes, never user or job ids).
 */
export class Metrics {
  readonly registry = new Registry();
  /** Bot Framework activities handled, by activity type and outcome. */
  readonly turns = new Counter({ name: 'jobtracker_turns_total', help: 'Activities handled', labelNames: ['type', 'outcome'], registers: [this.registry] });
  /** Time to handle one activity over HTTP. */
  readonly turnSeconds = new Histogram({
    name: 'jobtracker_turn_duration_seconds',
    help: 'Time to handle one activity',
    labelNames: ['type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  /** Links and texts captured, by outcome (`saved`, `existing`, or an error code). */
  readonly captures = new Counter({ name: 'jobtracker_captures_total', help: 'Capture attempts', labelNames: ['outcome'], registers: [this.registry] });
  /** Summaries shown, by where they came from. */
  readonly summaries = new Counter({ name: 'jobtracker_summaries_total', help: 'Summaries shown', labelNames: ['source', 'cached'], registers: [this.registry] });
  /** Reminder delivery attempts, by outcome (`sent`, `held`, `later`, `dropped`, `busy`, `failed`). */
  readonly reminders = new Counter({ name: 'jobtracker_reminder_deliveries_total', help: 'Reminder delivery attempts', labelNames: ['outcome'], registers: [this.registry] });
  /** Reminders waiting whose time has come (read at scrape time). */
  readonly remindersDue: Gauge;

  constructor(options: { countDueReminders?: () => Promise<number> } = {}) {
    collectDefaultMetrics({ register: this.registry, prefix: 'jobtracker_' });
    const count = options.countDueReminders;
    this.remindersDue = new Gauge({
      name: 'jobtracker_reminders_due',
      help: 'Pending reminders whose time has come (the delivery queue depth)',
      registers: [this.registry],
      async collect() {
        if (count) this.set(await count());
      },
    });
  }

  /** The text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
