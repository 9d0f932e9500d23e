/**
 * When a reminder is due: card quick picks, date/time pickers and typed phrases, turned into UTC instants
 * on the user's own calendar and clock (DST included), and the quiet hours reminders wait out.
 */
export { presetToInstant, type ReminderPreset } from './when/presets';
export { dateTimeToInstant } from './when/cardInput';
export { parseReminderRequest } from './when/phrase';
export { quietHours } from './when/quietHours';
export { zonedWallClockToUtc } from './when/zone';
