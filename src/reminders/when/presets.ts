import { AppError } from '../../errors';
import { DEFAULT_REMINDER_TIME } from './policy';
import { addDays, resolveTimeZone, wallClockAt, zonedWallClockToUtc } from './zone';

/** A quick pick on a card. */
export type ReminderPreset = 'tomorrow' | 'in3days' | 'inAWeek' | 'followUp7' | 'in1hour';

const HOUR_MS = 60 * 60 * 1000;

/** Calendar days ahead for the day-based presets. */
const DAYS_AHEAD: Record<Exclude<ReminderPreset, 'in1hour'>, number> = { tomorrow: 1, in3days: 3, inAWeek: 7, followUp7: 7 };

/** The instant for a preset: day-based presets land at 09:00 local on the target calendar day (followUp7 = 7 days); in1hour = now + 1 h. */
export function presetToInstant(preset: ReminderPreset, now: Date, timeZone: string | undefined): Date {
  if (preset === 'in1hour') return new Date(now.getTime() + HOUR_MS);
  // Card data arrives untyped, so an unknown preset is the user's button, not our bug.
  if (!Object.hasOwn(DAYS_AHEAD, preset)) throw new AppError('BAD_CARD_INPUT', { details: { preset: String(preset) } });
  const zone = resolveTimeZone(timeZone);
  const day = addDays(wallClockAt(now, zone), DAYS_AHEAD[preset]);
  return zonedWallClockToUtc({ ...day, ...DEFAULT_REMINDER_TIME }, zone);
}
