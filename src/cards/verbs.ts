/**
 * Every card action's verb. Templates in `cards/` use these strings and the bot routes by them;
 * a test checks that both sides name the same set.
 */
export const Verbs = {
  /** Show a job's card (from a list row or a choice). */
  show: 'job.show',
  /** Refresh a job card for the person looking at it. */
  refresh: 'job.refresh',
  /** Save a job someone else shared into one's own collection. */
  save: 'job.save',
  setStatus: 'job.status',
  addNote: 'job.note',
  deleteNote: 'job.deleteNote',
  timeline: 'job.timeline',
  remove: 'job.remove',
  /** Attach pasted posting text to a link whose site blocks bots. */
  attachText: 'job.attachText',
  /** Fill in the title and company a pasted posting lacked. */
  details: 'job.details',
  /** The AI summary and skill match of a job. */
  summary: 'job.summary',
  /** Save the skills typed (or the résumé pasted) into the profile card. */
  saveSkills: 'profile.skills',
  /** Show (a page of, a filter of) the collection. */
  list: 'jobs.list',
  compare: 'jobs.compare',
  /** Set a follow-up reminder on a job (a quick pick, or a date and time). */
  setReminder: 'reminder.set',
  snoozeReminder: 'reminder.snooze',
  reminderDone: 'reminder.done',
  cancelReminder: 'reminder.cancel',
} as const;

/** One card verb. */
export type Verb = (typeof Verbs)[keyof typeof Verbs];
