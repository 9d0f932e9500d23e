import { AppError, errorCatalogue, type ErrorCode } from '../../src/errors';
import { dateTimeToInstant, parseReminderRequest, presetToInstant, quietHours, zonedWallClockToUtc, type ReminderPreset } from '../../src/reminders/when';

/*
 * Every expected instant below was worked out by hand from the zones' rules, not taken from the code:
 * Europe/Berlin is UTC+1 (CET) and UTC+2 (CEST) from the last Sunday of March, 02:00 → 03:00 (01:00 UTC),
 * to the last Sunday of October, 03:00 → 02:00 (01:00 UTC): 30 March and 26 October 2025.
 * America/New_York is UTC−5 (EST) and UTC−4 (EDT) from the second Sunday of March, 02:00 → 03:00
 * (07:00 UTC), to the first Sunday of November, 02:00 → 01:00 (06:00 UTC): 9 March and 2 November 2025.
 * Asia/Kolkata is UTC+5:30 all year.
 */
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const KOLKATA = 'Asia/Kolkata';

/** The wall clock in a zone as "YYYY-MM-DD HH:mm", read with Intl on its own. */
function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(instant);
}

/** The code of the AppError `act` throws; fails the test when it throws nothing or something else. */
function errorCodeOf(act: () => unknown): ErrorCode {
  try {
    act();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

describe('zonedWallClockToUtc', () => {
  it('when the wall clock is an ordinary winter or summer time in Berlin, then the offset of that season applies', () => {
    // Arrange
    const winter = { year: 2025, month: 1, day: 15, hour: 9, minute: 0 };
    const summer = { year: 2025, month: 7, day: 15, hour: 9, minute: 0 };

    // Act
    const winterInstant = zonedWallClockToUtc(winter, BERLIN);
    const summerInstant = zonedWallClockToUtc(summer, BERLIN);

    // Assert
    expect(winterInstant.toISOString()).toBe('2025-01-15T08:00:00.000Z');
    expect(summerInstant.toISOString()).toBe('2025-07-15T07:00:00.000Z');
  });

  it('when the time falls in the spring-forward gap in Berlin (02:30 on 30 March), then it moves forward to 03:30 CEST', () => {
    // Arrange
    const skipped = { year: 2025, month: 3, day: 30, hour: 2, minute: 30 };

    // Act
    const instant = zonedWallClockToUtc(skipped, BERLIN);

    // Assert
    expect(instant.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(localTime(instant, BERLIN)).toBe('2025-03-30 03:30');
  });

  it('when the time falls in the autumn overlap in Berlin (02:30 on 26 October), then the earlier instant (CEST) is taken', () => {
    // Arrange
    const repeated = { year: 2025, month: 10, day: 26, hour: 2, minute: 30 };

    // Act
    const instant = zonedWallClockToUtc(repeated, BERLIN);

    // Assert: 02:30 CEST = 00:30 UTC; the later 02:30 CET would be 01:30 UTC.
    expect(instant.toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(localTime(instant, BERLIN)).toBe('2025-10-26 02:30');
  });

  it('when the time falls in New York\'s gap (02:30 on 9 March), then it moves forward to 03:30 EDT', () => {
    // Arrange
    const skipped = { year: 2025, month: 3, day: 9, hour: 2, minute: 30 };

    // Act
    const instant = zonedWallClockToUtc(skipped, NEW_YORK);

    // Assert
    expect(instant.toISOString()).toBe('2025-03-09T07:30:00.000Z');
    expect(localTime(instant, NEW_YORK)).toBe('2025-03-09 03:30');
  });

  it('when the time falls in New York\'s overlap (01:30 on 2 November), then the earlier instant (EDT) is taken', () => {
    // Arrange
    const repeated = { year: 2025, month: 11, day: 2, hour: 1, minute: 30 };

    // Act
    const instant = zonedWallClockToUtc(repeated, NEW_YORK);

    // Assert: 01:30 EDT = 05:30 UTC; the later 01:30 EST would be 06:30 UTC.
    expect(instant.toISOString()).toBe('2025-11-02T05:30:00.000Z');
  });

  it('when the zone has no DST (Kolkata), then the half-hour offset applies on the European change day too', () => {
    // Arrange
    const morning = { year: 2025, month: 3, day: 30, hour: 9, minute: 0 };

    // Act
    const instant = zonedWallClockToUtc(morning, KOLKATA);

    // Assert
    expect(instant.toISOString()).toBe('2025-03-30T03:30:00.000Z');
  });

  it('when the zone name is unknown, then the wall clock is read as UTC instead of throwing', () => {
    // Arrange
    const morning = { year: 2025, month: 3, day: 30, hour: 9, minute: 0 };

    // Act
    const instant = zonedWallClockToUtc(morning, 'Mars/Olympus_Mons');

    // Assert
    expect(instant.toISOString()).toBe('2025-03-30T09:00:00.000Z');
  });
});

describe('presetToInstant', () => {
  const cases: Array<{ name: string; zone: string; now: string; preset: ReminderPreset; utc: string; local: string }> = [
    // Berlin, the day before spring forward: Saturday 29 March 12:00 CET = 11:00 UTC.
    { name: 'Berlin, tomorrow across spring forward', zone: BERLIN, now: '2025-03-29T11:00:00Z', preset: 'tomorrow', utc: '2025-03-30T07:00:00.000Z', local: '2025-03-30 09:00' },
    { name: 'Berlin, in 3 days across spring forward', zone: BERLIN, now: '2025-03-29T11:00:00Z', preset: 'in3days', utc: '2025-04-01T07:00:00.000Z', local: '2025-04-01 09:00' },
    { name: 'Berlin, in a week across spring forward', zone: BERLIN, now: '2025-03-29T11:00:00Z', preset: 'inAWeek', utc: '2025-04-05T07:00:00.000Z', local: '2025-04-05 09:00' },
    { name: 'Berlin, follow-up in 7 days across spring forward', zone: BERLIN, now: '2025-03-29T11:00:00Z', preset: 'followUp7', utc: '2025-04-05T07:00:00.000Z', local: '2025-04-05 09:00' },
    // Berlin, the day before fall back: Saturday 25 October 12:00 CEST = 10:00 UTC.
    { name: 'Berlin, tomorrow across fall back', zone: BERLIN, now: '2025-10-25T10:00:00Z', preset: 'tomorrow', utc: '2025-10-26T08:00:00.000Z', local: '2025-10-26 09:00' },
    { name: 'Berlin, in 3 days across fall back', zone: BERLIN, now: '2025-10-25T10:00:00Z', preset: 'in3days', utc: '2025-10-28T08:00:00.000Z', local: '2025-10-28 09:00' },
    // New York, the day before spring forward: Saturday 8 March 12:00 EST = 17:00 UTC.
    { name: 'New York, tomorrow across spring forward', zone: NEW_YORK, now: '2025-03-08T17:00:00Z', preset: 'tomorrow', utc: '2025-03-09T13:00:00.000Z', local: '2025-03-09 09:00' },
    { name: 'New York, in 3 days across spring forward', zone: NEW_YORK, now: '2025-03-08T17:00:00Z', preset: 'in3days', utc: '2025-03-11T13:00:00.000Z', local: '2025-03-11 09:00' },
    // New York, the day before fall back: Saturday 1 November 12:00 EDT = 16:00 UTC.
    { name: 'New York, tomorrow across fall back', zone: NEW_YORK, now: '2025-11-01T16:00:00Z', preset: 'tomorrow', utc: '2025-11-02T14:00:00.000Z', local: '2025-11-02 09:00' },
    { name: 'New York, in 3 days across fall back', zone: NEW_YORK, now: '2025-11-01T16:00:00Z', preset: 'in3days', utc: '2025-11-04T14:00:00.000Z', local: '2025-11-04 09:00' },
    // Kolkata, no DST: Saturday 29 March 12:00 IST = 06:30 UTC.
    { name: 'Kolkata, tomorrow', zone: KOLKATA, now: '2025-03-29T06:30:00Z', preset: 'tomorrow', utc: '2025-03-30T03:30:00.000Z', local: '2025-03-30 09:00' },
    { name: 'Kolkata, in 3 days', zone: KOLKATA, now: '2025-03-29T06:30:00Z', preset: 'in3days', utc: '2025-04-01T03:30:00.000Z', local: '2025-04-01 09:00' },
  ];

  it.each(cases)('when the user picks a day-based preset ($name), then it lands at 09:00 local on the target day', ({ zone, now, preset, utc, local }) => {
    // Arrange
    const clock = new Date(now);

    // Act
    const dueAt = presetToInstant(preset, clock, zone);

    // Assert
    expect(dueAt.toISOString()).toBe(utc);
    expect(localTime(dueAt, zone)).toBe(local);
  });

  it('when it is 23:30 in New York and UTC is already on the next day, then "tomorrow" is the next New York day', () => {
    // Arrange: Wednesday 15 January 23:30 EST = Thursday 04:30 UTC.
    const now = new Date('2025-01-16T04:30:00Z');

    // Act
    const dueAt = presetToInstant('tomorrow', now, NEW_YORK);

    // Assert: Thursday 16 January 09:00 EST, not Friday.
    expect(dueAt.toISOString()).toBe('2025-01-16T14:00:00.000Z');
    expect(localTime(dueAt, NEW_YORK)).toBe('2025-01-16 09:00');
  });

  it('when the user snoozes for an hour across New York\'s spring forward, then it is one elapsed hour later', () => {
    // Arrange: Sunday 9 March 01:30 EST = 06:30 UTC.
    const now = new Date('2025-03-09T06:30:00Z');

    // Act
    const dueAt = presetToInstant('in1hour', now, NEW_YORK);

    // Assert: 07:30 UTC, which New York shows as 03:30 EDT.
    expect(dueAt.toISOString()).toBe('2025-03-09T07:30:00.000Z');
    expect(localTime(dueAt, NEW_YORK)).toBe('2025-03-09 03:30');
  });

  it('when the time zone is missing or unknown, then the preset is computed in UTC', () => {
    // Arrange
    const now = new Date('2025-03-29T11:00:00Z');

    // Act
    const missing = presetToInstant('tomorrow', now, undefined);
    const unknown = presetToInstant('tomorrow', now, 'Not/A_Zone');

    // Assert
    expect(missing.toISOString()).toBe('2025-03-30T09:00:00.000Z');
    expect(unknown.toISOString()).toBe('2025-03-30T09:00:00.000Z');
  });

  it('when a card sends a preset that does not exist, then it fails with BAD_CARD_INPUT', () => {
    // Arrange
    const forged = 'nextYear' as ReminderPreset;

    // Act
    const code = errorCodeOf(() => presetToInstant(forged, new Date('2025-03-29T11:00:00Z'), BERLIN));

    // Assert
    expect(code).toBe('BAD_CARD_INPUT');
  });
});

describe('dateTimeToInstant', () => {
  // Thursday 20 March 2025 12:00 UTC = 13:00 in Berlin (CET).
  const now = new Date('2025-03-20T12:00:00Z');

  it('when the user picks a date and a time, then they are read on the user\'s wall clock', () => {
    // Arrange
    const date = '2025-04-02';

    // Act
    const berlin = dateTimeToInstant(date, '14:45', now, BERLIN);
    const newYork = dateTimeToInstant(date, '14:45', now, NEW_YORK);
    const kolkata = dateTimeToInstant(date, '14:45', now, KOLKATA);

    // Assert
    expect(berlin.toISOString()).toBe('2025-04-02T12:45:00.000Z');
    expect(newYork.toISOString()).toBe('2025-04-02T18:45:00.000Z');
    expect(kolkata.toISOString()).toBe('2025-04-02T09:15:00.000Z');
  });

  it('when the user picks a date but no time, then it is 09:00 local on that day', () => {
    // Arrange
    const date = '2025-03-30';

    // Act
    const noTime = dateTimeToInstant(date, undefined, now, BERLIN);
    const emptyTime = dateTimeToInstant(date, '', now, BERLIN);

    // Assert: 30 March is the change day, so 09:00 is already CEST.
    expect(noTime.toISOString()).toBe('2025-03-30T07:00:00.000Z');
    expect(emptyTime.toISOString()).toBe('2025-03-30T07:00:00.000Z');
  });

  it('when the picked time does not exist (02:30 on Berlin\'s spring-forward day), then it resolves to 03:30 local', () => {
    // Arrange
    const date = '2025-03-30';

    // Act
    const dueAt = dateTimeToInstant(date, '02:30', now, BERLIN);

    // Assert
    expect(dueAt.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(localTime(dueAt, BERLIN)).toBe('2025-03-30 03:30');
  });

  it('when the picked time happens twice (02:30 on Berlin\'s fall-back day), then the earlier one is taken', () => {
    // Arrange
    const date = '2025-10-26';

    // Act
    const dueAt = dateTimeToInstant(date, '02:30', now, BERLIN);

    // Assert
    expect(dueAt.toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('when a client sends seconds with the time, then they are ignored', () => {
    // Arrange
    const time = '14:30:00';

    // Act
    const dueAt = dateTimeToInstant('2025-04-02', time, now, 'UTC');

    // Assert
    expect(dueAt.toISOString()).toBe('2025-04-02T14:30:00.000Z');
  });

  it.each(['30/03/2025', '2025-3-30', '2025-02-30', '2025-13-01', '', 'tomorrow', '2025-03-30T09:00'])('when the date is %p, then it fails with REMINDER_BAD_DATE', (date) => {
    // Arrange, Act
    const code = errorCodeOf(() => dateTimeToInstant(date, '09:00', now, BERLIN));

    // Assert
    expect(code).toBe('REMINDER_BAD_DATE');
  });

  it.each(['9:00', '24:00', '12:60', '9am', 'noon', '12-30'])('when the time is %p, then it fails with REMINDER_BAD_TIME', (time) => {
    // Arrange, Act
    const code = errorCodeOf(() => dateTimeToInstant('2025-04-02', time, now, BERLIN));

    // Assert
    expect(code).toBe('REMINDER_BAD_TIME');
  });

  it('when the picked time is earlier today on the user\'s clock, then it fails with REMINDER_IN_PAST even though it is later in UTC', () => {
    // Arrange: 12:30 in Berlin is 11:30 UTC, half an hour ago.
    const time = '12:30';

    // Act
    const code = errorCodeOf(() => dateTimeToInstant('2025-03-20', time, now, BERLIN));

    // Assert
    expect(code).toBe('REMINDER_IN_PAST');
  });

  it('when the picked time is exactly now or a day ago, then it fails with REMINDER_IN_PAST', () => {
    // Arrange, Act
    const exactlyNow = errorCodeOf(() => dateTimeToInstant('2025-03-20', '12:00', now, 'UTC'));
    const yesterday = errorCodeOf(() => dateTimeToInstant('2025-03-19', '12:00', now, 'UTC'));

    // Assert
    expect(exactlyNow).toBe('REMINDER_IN_PAST');
    expect(yesterday).toBe('REMINDER_IN_PAST');
  });

  it('when the date is absurd (year 9999) or more than two years ahead, then it fails with REMINDER_TOO_FAR', () => {
    // Arrange, Act
    const year9999 = errorCodeOf(() => dateTimeToInstant('9999-01-01', '09:00', now, BERLIN));
    const justPastTwoYears = errorCodeOf(() => dateTimeToInstant('2027-03-20', '12:01', now, 'UTC'));

    // Assert
    expect(year9999).toBe('REMINDER_TOO_FAR');
    expect(justPastTwoYears).toBe('REMINDER_TOO_FAR');
  });

  it('when the date is just inside two years, then it is accepted', () => {
    // Arrange, Act
    const dueAt = dateTimeToInstant('2027-03-20', '12:00', now, 'UTC');

    // Assert
    expect(dueAt.toISOString()).toBe('2027-03-20T12:00:00.000Z');
  });
});

describe('quietHours', () => {
  it.each([
    // Berlin in winter: CET, UTC+1.
    { local: '20:59', at: '2025-01-15T19:59:00Z', outcome: 'not quiet', resumeAt: undefined },
    { local: '21:00', at: '2025-01-15T20:00:00Z', outcome: 'quiet until 08:00 tomorrow', resumeAt: '2025-01-16T07:00:00.000Z' },
    { local: '07:59', at: '2025-01-15T06:59:00Z', outcome: 'quiet until 08:00 today', resumeAt: '2025-01-15T07:00:00.000Z' },
    { local: '08:00', at: '2025-01-15T07:00:00Z', outcome: 'not quiet', resumeAt: undefined },
  ])('when it is $local in Berlin, then it is $outcome', ({ at, resumeAt }) => {
    // Arrange
    const instant = new Date(at);

    // Act
    const result = quietHours(instant, BERLIN);

    // Assert
    expect(result).toEqual(resumeAt ? { quiet: true, resumeAt: new Date(resumeAt) } : { quiet: false });
  });

  it('when quiet hours start on the evening before Berlin springs forward, then they end at 08:00 CEST', () => {
    // Arrange: Saturday 29 March 22:00 CET = 21:00 UTC.
    const at = new Date('2025-03-29T21:00:00Z');

    // Act
    const result = quietHours(at, BERLIN);

    // Assert: Sunday 30 March 08:00 CEST = 06:00 UTC (not 07:00, which +24 h-style arithmetic would give).
    expect(result).toEqual({ quiet: true, resumeAt: new Date('2025-03-30T06:00:00.000Z') });
  });

  it('when quiet hours span New York\'s fall back, then they end at 08:00 EST, also from inside the repeated hour', () => {
    // Arrange: Saturday 1 November 23:00 EDT = 03:00 UTC; Sunday 01:30 EDT (the first one) = 05:30 UTC.
    const evening = new Date('2025-11-02T03:00:00Z');
    const repeatedHour = new Date('2025-11-02T05:30:00Z');

    // Act
    const fromEvening = quietHours(evening, NEW_YORK);
    const fromRepeatedHour = quietHours(repeatedHour, NEW_YORK);

    // Assert: Sunday 2 November 08:00 EST = 13:00 UTC.
    expect(fromEvening).toEqual({ quiet: true, resumeAt: new Date('2025-11-02T13:00:00.000Z') });
    expect(fromRepeatedHour).toEqual({ quiet: true, resumeAt: new Date('2025-11-02T13:00:00.000Z') });
  });

  it('when it is 21:00 in Kolkata, then quiet hours end at 08:00 IST the next day', () => {
    // Arrange: 21:00 IST = 15:30 UTC.
    const at = new Date('2025-03-29T15:30:00Z');

    // Act
    const result = quietHours(at, KOLKATA);

    // Assert
    expect(result).toEqual({ quiet: true, resumeAt: new Date('2025-03-30T02:30:00.000Z') });
  });

  it('when the time zone is missing, then quiet hours are read in UTC', () => {
    // Arrange
    const at = new Date('2025-01-15T21:00:00Z');

    // Act
    const result = quietHours(at, undefined);

    // Assert
    expect(result).toEqual({ quiet: true, resumeAt: new Date('2025-01-16T08:00:00.000Z') });
  });
});

describe('parseReminderRequest', () => {
  // Friday 28 March 2025 09:30 in Berlin (CET) = 08:30 UTC; Berlin springs forward on Sunday the 30th.
  const fridayMorning = new Date('2025-03-28T08:30:00Z');

  it.each([
    { text: 'remind me about contoso in 3 days', jobRef: 'contoso', phrase: 'in 3 days', utc: '2025-03-31T07:00:00.000Z', local: '2025-03-31 09:00' },
    { text: 'remind me about 2 on Friday at 10', jobRef: '2', phrase: 'on Friday at 10', utc: '2025-03-28T09:00:00.000Z', local: '2025-03-28 10:00' },
    { text: 'remind me about acme tomorrow at 9:30am', jobRef: 'acme', phrase: 'tomorrow at 9:30am', utc: '2025-03-29T08:30:00.000Z', local: '2025-03-29 09:30' },
    { text: 'remind me about acme next monday', jobRef: 'acme', phrase: 'next monday', utc: '2025-03-31T07:00:00.000Z', local: '2025-03-31 09:00' },
    { text: 'remind me about acme on 12 March at 14:00', jobRef: 'acme', phrase: 'on 12 March at 14:00', utc: '2026-03-12T13:00:00.000Z', local: '2026-03-12 14:00' },
    { text: 'remind me about acme in 2 hours', jobRef: 'acme', phrase: 'in 2 hours', utc: '2025-03-28T10:30:00.000Z', local: '2025-03-28 11:30' },
    { text: 'remind me in 3 days about contoso', jobRef: 'contoso', phrase: 'in 3 days', utc: '2025-03-31T07:00:00.000Z', local: '2025-03-31 09:00' },
    { text: 'remind me for acme in a week', jobRef: 'acme', phrase: 'in a week', utc: '2025-04-04T07:00:00.000Z', local: '2025-04-04 09:00' },
    { text: 'Remind me about Acme Corp. tomorrow!', jobRef: 'Acme Corp.', phrase: 'tomorrow', utc: '2025-03-29T08:00:00.000Z', local: '2025-03-29 09:00' },
    { text: 'remind me about 12 tomorrow', jobRef: '12', phrase: 'tomorrow', utc: '2025-03-29T08:00:00.000Z', local: '2025-03-29 09:00' },
    { text: 'remind me about the March role on Friday', jobRef: 'the March role', phrase: 'on Friday', utc: '2025-04-04T07:00:00.000Z', local: '2025-04-04 09:00' },
  ])('when the user says "$text", then the job is "$jobRef" and the reminder is at $local Berlin time', ({ text, jobRef, phrase, utc, local }) => {
    // Arrange, Act
    const request = parseReminderRequest(text, fridayMorning, BERLIN);

    // Assert
    expect(request).toEqual({ jobRef, phrase, dueAt: new Date(utc) });
    expect(localTime(request!.dueAt, BERLIN)).toBe(local);
  });

  it('when it is Friday after 10 and the user says "on Friday at 10", then it is next Friday at 10', () => {
    // Arrange: Friday 28 March 10:30 CET = 09:30 UTC.
    const now = new Date('2025-03-28T09:30:00Z');

    // Act
    const request = parseReminderRequest('remind me about 2 on Friday at 10', now, BERLIN);

    // Assert: Friday 4 April 10:00 CEST = 08:00 UTC.
    expect(request?.dueAt.toISOString()).toBe('2025-04-04T08:00:00.000Z');
  });

  it('when the user names a zone ("10am EST"), then that zone\'s offset is used', () => {
    // Arrange, Act
    const request = parseReminderRequest('remind me about acme tomorrow at 10am EST', fridayMorning, BERLIN);

    // Assert: Saturday 29 March 10:00 at UTC−5 = 15:00 UTC.
    expect(request?.dueAt.toISOString()).toBe('2025-03-29T15:00:00.000Z');
  });

  it('when it is 23:30 in New York and UTC is already on the next day, then "tomorrow" is the next New York day', () => {
    // Arrange: Wednesday 15 January 23:30 EST = Thursday 04:30 UTC.
    const now = new Date('2025-01-16T04:30:00Z');

    // Act
    const request = parseReminderRequest('remind me about acme tomorrow', now, NEW_YORK);

    // Assert: Thursday 16 January 09:00 EST.
    expect(request?.dueAt.toISOString()).toBe('2025-01-16T14:00:00.000Z');
  });

  it('when the user says "in 3 days" the day before New York falls back, then it is 09:00 EST on the target day', () => {
    // Arrange: Saturday 1 November 12:00 EDT = 16:00 UTC.
    const now = new Date('2025-11-01T16:00:00Z');

    // Act
    const request = parseReminderRequest('remind me about contoso in 3 days', now, NEW_YORK);

    // Assert: Tuesday 4 November 09:00 EST = 14:00 UTC.
    expect(request?.dueAt.toISOString()).toBe('2025-11-04T14:00:00.000Z');
    expect(localTime(request!.dueAt, NEW_YORK)).toBe('2025-11-04 09:00');
  });

  it('when the user says "in 2 hours" across New York\'s spring forward, then it is two elapsed hours later', () => {
    // Arrange: Sunday 9 March 01:30 EST = 06:30 UTC.
    const now = new Date('2025-03-09T06:30:00Z');

    // Act
    const request = parseReminderRequest('remind me about acme in 2 hours', now, NEW_YORK);

    // Assert: 08:30 UTC = 04:30 EDT (wall-clock arithmetic would give 03:30 EDT).
    expect(request?.dueAt.toISOString()).toBe('2025-03-09T08:30:00.000Z');
    expect(localTime(request!.dueAt, NEW_YORK)).toBe('2025-03-09 04:30');
  });

  it('when the user in Kolkata says "tomorrow", then it is 09:00 IST the next day', () => {
    // Arrange: Friday 28 March 09:30 IST = 04:00 UTC.
    const now = new Date('2025-03-28T04:00:00Z');

    // Act
    const request = parseReminderRequest('remind me about acme tomorrow', now, KOLKATA);

    // Assert
    expect(request?.dueAt.toISOString()).toBe('2025-03-29T03:30:00.000Z');
  });

  it('when the time zone is unknown, then the phrase is read in UTC', () => {
    // Arrange, Act
    const request = parseReminderRequest('remind me about acme tomorrow', fridayMorning, 'Not/A_Zone');

    // Assert
    expect(request?.dueAt.toISOString()).toBe('2025-03-29T09:00:00.000Z');
  });

  it.each(['my jobs', 'status 2 applied', 'can you remind me about acme tomorrow', 'reminders', 'remind meeting notes'])('when the text is %p, then it is not a reminder request', (text) => {
    // Arrange, Act
    const request = parseReminderRequest(text, fridayMorning, BERLIN);

    // Assert
    expect(request).toBeUndefined();
  });

  it.each([
    { text: 'remind me about acme whenever', code: 'REMINDER_WHEN_UNCLEAR' },
    { text: 'remind me about acme', code: 'REMINDER_WHEN_UNCLEAR' },
    { text: 'remind me about acme tomorrow or so, maybe', code: 'REMINDER_WHEN_UNCLEAR' },
    { text: 'remind me', code: 'REMINDER_WHEN_UNCLEAR' },
    { text: 'remind me tomorrow', code: 'REMINDER_NO_JOB' },
    { text: 'remind me about tomorrow', code: 'REMINDER_NO_JOB' },
    { text: 'remind me about acme yesterday', code: 'REMINDER_IN_PAST' },
    { text: 'remind me about acme today at 8', code: 'REMINDER_IN_PAST' },
    { text: 'remind me about acme on 1 January 9999', code: 'REMINDER_TOO_FAR' },
    { text: 'remind me about acme in 3 years', code: 'REMINDER_TOO_FAR' },
  ])('when the user says "$text", then it fails with $code', ({ text, code }) => {
    // Arrange, Act
    const actual = errorCodeOf(() => parseReminderRequest(text, fridayMorning, BERLIN));

    // Assert
    expect(actual).toBe(code);
  });
});

describe('reminder-time error codes', () => {
  it('when one of these errors reaches the user, then each has its own sentence that says what to do', () => {
    // Arrange
    const codes: ErrorCode[] = ['REMINDER_BAD_DATE', 'REMINDER_BAD_TIME', 'REMINDER_WHEN_UNCLEAR', 'REMINDER_NO_JOB', 'REMINDER_IN_PAST', 'REMINDER_TOO_FAR'];

    // Act
    const sentences = codes.map((code) => new AppError(code).userMessage);

    // Assert
    expect(new Set(sentences).size).toBe(codes.length);
    for (const sentence of sentences) expect(sentence).toMatch(/\b(Pick|Say|Tell|type)\b/);
    expect(sentences).toEqual(codes.map((code) => errorCatalogue[code]));
  });
});
