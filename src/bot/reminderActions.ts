import { formatDateTime } from '../cards/format';
import { noticeCard } from '../cards/messageCards';
import type { AdaptiveCardJson } from '../cards/render';
import { reminderListCard } from '../cards/reminderCard';
import { AppError } from '../errors';
import type { ReminderService } from '../reminders/reminderService';
import { dateTimeToInstant, parseReminderRequest, presetToInstant, type ReminderPreset } from '../reminders/when';
import { trackedJobId } from '../tracking/trackingService';
import type { Turn } from './commands';
import type { JobActions } from './jobActions';

/** Reminders from cards and text, each one domain call answered with one card. */
export class ReminderActions {
  constructor(
    private readonly reminders: ReminderService,
    private readonly jobs: JobActions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sets a follow-up on the viewer's job from a quick pick or a date and time; answers with the job card. */
  async set(turn: Turn, postingId: string, when: { preset?: ReminderPreset; date?: string; time?: string }): Promise<AdaptiveCardJson> {
    const dueAt = when.preset ? presetToInstant(when.preset, this.now(), turn.timeZone) : dateTimeToInstant(when.date ?? '', when.time, this.now(), turn.timeZone);
    await this.reminders.setFollowUp(turn.userKey, trackedJobId(turn.userKey, postingId), dueAt, turn.activityId, turn.timeZone);
    return this.jobs.show(turn, postingId, { notice: `Reminder set for ${formatDateTime(dueAt, turn.timeZone)}`, noticeColor: 'good' });
  }

  /** "remind me about contoso in 3 days". */
  async setFromText(turn: Turn): Promise<AdaptiveCardJson | undefined> {
    const request = parseReminderRequest(turn.text, this.now(), turn.timeZone);
    if (!request) return undefined;
    return this.jobs.withReference(turn, request.jobRef, async (view) => {
      await this.reminders.setFollowUp(turn.userKey, view.job.id, request.dueAt, turn.activityId, turn.timeZone);
      return this.jobs.show(turn, view.posting.id, { notice: `Reminder set for ${formatDateTime(request.dueAt, turn.timeZone)}`, noticeColor: 'good' });
    });
  }

  async snooze(turn: Turn, reminderId: string, preset: ReminderPreset): Promise<AdaptiveCardJson> {
    const dueAt = presetToInstant(preset, this.now(), turn.timeZone);
    await this.reminders.snooze(turn.userKey, reminderId, dueAt, turn.activityId, turn.timeZone);
    return noticeCard('Snoozed', `I will remind you again on ${formatDateTime(dueAt, turn.timeZone)}.`);
  }

  async done(turn: Turn, reminderId: string): Promise<AdaptiveCardJson> {
    await this.reminders.getOrThrow(turn.userKey, reminderId);
    return noticeCard('Done', 'Good luck! Say "reminders" to see what else is waiting.');
  }

  async cancel(turn: Turn, reminderId: string): Promise<AdaptiveCardJson> {
    await this.reminders.cancel(turn.userKey, reminderId);
    return this.list(turn);
  }

  async list(turn: Turn): Promise<AdaptiveCardJson> {
    return reminderListCard(await this.reminders.listPending(turn.userKey), { timeZone: turn.timeZone });
  }

  /** "notices expiry 5" / "notices expiry off". */
  async setExpiryNotices(turn: Turn, value: string): Promise<AdaptiveCardJson> {
    const days = value.toLowerCase() === 'off' ? null : /^\d{1,2}$/.test(value) ? Number(value) : NaN;
    if (Number.isNaN(days)) throw new AppError('BAD_NOTICE_DAYS');
    await this.reminders.setExpiryNoticeDays(turn.userKey, days);
    return noticeCard('Expiry notices', days === null ? 'I will not warn you about expiring jobs.' : `I will warn you ${days} days before a saved job expires, and on its last day.`);
  }
}
