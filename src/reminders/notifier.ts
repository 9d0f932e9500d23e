import type { Posting } from '../postings/posting';
import type { User } from '../profile/user';
import type { TrackedJob } from '../tracking/trackedJob';
import type { Reminder } from './reminder';

/** What a proactive message is about: the reminder, and the job it concerns as the user sees it. */
export interface ReminderMessage {
  reminder: Reminder;
  job: TrackedJob;
  posting: Posting;
}

/** How a send went: delivered, the user cannot be reached (removed the bot), or try again later. */
export type NotifyResult = { outcome: 'sent' } | { outcome: 'unreachable' } | { outcome: 'retry'; afterMs: number };

/** Sends a message to a user first. Implemented in `src/bot/` (Teams), so this capability never knows botbuilder. */
export interface Notifier {
  /**
   * Sends, retrying within the limits, and answers by `deadline`: a send that would have to wait past it
   * (throttling, back-off) answers `retry` instead, so a delivery never outlives its claim.
   */
  notify(user: User, message: ReminderMessage, deadline: Date): Promise<NotifyResult>;
}
