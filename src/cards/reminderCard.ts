import reminderTemplate from '../../cards/reminder.json';
import reminderListTemplate from '../../cards/reminderList.json';
import type { ReminderMessage } from '../reminders/notifier';
import type { PendingReminder } from '../reminders/reminderService';
import { statusLabels } from '../tracking/trackedJob';
import type { Fact } from './jobCard';
import { formatDate, formatDateTime, formatSalary } from './format';
import { renderCard, type AdaptiveCardJson } from './render';
import { escapeMarkdown, truncate } from './text';

/** What `cards/reminder.json` shows: the message the bot sends first. */
export interface ReminderCardData {
  reminderId: string;
  postingId: string;
  heading: string;
  color: 'accent' | 'warning' | 'attention';
  message: string;
  title: string;
  companySuffix: string;
  facts: Fact[];
  /** Follow-ups can be snoozed; notices cannot. */
  canSnooze: boolean;
}

/** The proactive message for a due reminder or notice, in the user's time zone. */
export function reminderCard(message: ReminderMessage, options: { timeZone?: string } = {}): AdaptiveCardJson {
  const { reminder, job, posting } = message;
  const tz = options.timeZone;
  const expires = formatDate(posting.validThrough, tz);
  const text = {
    followUp: { heading: 'Reminder: follow up', color: 'accent', message: 'You asked me to remind you about this job.' },
    expiry:
      reminder.daysBefore === 0
        ? { heading: 'This saved job expires today', color: 'warning', message: 'Today is the last day to apply.' }
        : { heading: `This saved job expires in ${reminder.daysBefore} days`, color: 'warning', message: `It closes on ${expires}. Apply, or let it go.` },
    closed: { heading: 'This posting was taken down', color: 'attention', message: 'The site no longer lists it. Your saved copy, notes and timeline stay here.' },
  }[reminder.kind];
  const facts: Array<[string, string | undefined]> = [
    ['Status', statusLabels[job.status]],
    ['Salary', formatSalary(posting.salary)],
    ['Expires', expires],
  ];
  return renderCard<ReminderCardData>(reminderTemplate, {
    reminderId: reminder.id,
    postingId: posting.id,
    heading: text.heading,
    color: text.color as ReminderCardData['color'],
    message: escapeMarkdown(text.message),
    title: truncate(posting.title ?? 'Untitled job', 150),
    companySuffix: posting.company ? ` · ${truncate(posting.company, 80)}` : '',
    facts: facts.filter((f): f is [string, string] => Boolean(f[1])).map(([label, value]) => ({ label, value: escapeMarkdown(value) })),
    canSnooze: reminder.kind === 'followUp',
  });
}

/** What `cards/reminderList.json` shows. */
export interface ReminderListCardData {
  heading: string;
  rows: Array<{ reminderId: string; job: string; when: string }>;
}

/** The user's waiting reminders, each cancellable. */
export function reminderListCard(pending: readonly PendingReminder[], options: { timeZone?: string } = {}): AdaptiveCardJson {
  const kinds = { followUp: 'Follow-up', expiry: 'Expiry notice', closed: 'Closed-posting notice' };
  return renderCard<ReminderListCardData>(reminderListTemplate, {
    heading: pending.length ? `Waiting reminders (${pending.length})` : 'Waiting reminders',
    rows: pending.map(({ reminder, job }) => ({
      reminderId: reminder.id,
      job: truncate([job?.title || 'Untitled job', job?.company].filter(Boolean).join(' · '), 120),
      when: `${kinds[reminder.kind]} · ${formatDateTime(reminder.dueAt, options.timeZone)}`,
    })),
  });
}
