/**
 * The one error type of the product. Every failure a user or an operator can meet has a stable
 * `code` from the catalogue below, a message for the user, and the original `cause` for the logs.
 */

/** Every error code, with the sentence a user sees. Codes are stable: logs, tests and cards rely on them. */
export const errorCatalogue = {
  // capture: the user's input
  NO_URL: 'I could not find a job link in that message. Paste a link to the job posting, or paste the posting\'s text.',
  BAD_URL: 'That link is not a web address I can open. Paste an http or https link to the job posting.',
  UNSUPPORTED_SCHEME: 'I can only open http and https links. Paste the job posting\'s web address, or its text.',
  TOO_MANY_URLS: 'That message has more links than I read at once; I took the first ones.',
  TEXT_TOO_SHORT: 'That text is too short to be a job posting. Paste the whole posting, or a link to it.',
  // capture: the fetch
  FETCH_BLOCKED_ADDRESS: 'That link points to a private or internal address, which I will not open. Paste a public job link, or the posting\'s text.',
  FETCH_BAD_PORT: 'That link uses a port I do not open. Paste the job\'s public link (ports 80 and 443), or the posting\'s text.',
  FETCH_CREDENTIALS_IN_URL: 'That link carries a user name or password, which I will not send anywhere. Paste the link without them.',
  FETCH_DNS: 'I could not find that website. Check the link, or paste the posting\'s text.',
  FETCH_TIMEOUT: 'The job site took too long to answer. Try again in a moment, or paste the posting\'s text.',
  FETCH_NETWORK: 'I could not reach the job site. Try again in a moment, or paste the posting\'s text.',
  FETCH_TOO_MANY_REDIRECTS: 'That link redirects too many times. Open it in your browser and paste the final link, or the posting\'s text.',
  FETCH_TOO_LARGE: 'That page is too large for me to read. Paste the posting\'s text instead.',
  FETCH_UNSUPPORTED_CONTENT: 'That link is not a web page (it looks like a file or an image). Paste the posting\'s text instead.',
  FETCH_NOT_FOUND: 'That job page no longer exists (the site says it is gone). The posting may have been taken down.',
  FETCH_HTTP_STATUS: 'The job site answered with an error. Try again later, or paste the posting\'s text.',
  FETCH_RATE_LIMITED: 'You are sending links faster than I can read them. Wait a minute and try again.',
  // capture: the content
  NOT_A_JOB: 'I opened that page but found no job posting on it. Paste the posting\'s text instead, or a direct link to one job.',
  BLOCKED_SITE: 'That site does not let bots read its pages (it asks for a login or a human check). Paste the job description here and I will attach it to this link.',
  // tracking and cards
  JOB_NOT_FOUND: 'I could not find that job in your collection. Say "my jobs" to see what you have saved.',
  JOB_AMBIGUOUS: 'More than one of your jobs matches that word. Pick one from the list, or use its number from "my jobs".',
  BAD_STATUS: 'That is not a status I know. Use one of: saved, applied, interviewing, offer, accepted, rejected, withdrawn, ghosted.',
  NOTE_EMPTY: 'That note is empty. Type the note, then press Save.',
  NOTE_TOO_LONG: 'That note is too long. Keep a note under 2,000 characters.',
  NOTE_NOT_FOUND: 'That note is already gone.',
  COMPARE_COUNT: 'Pick between 2 and 4 of your jobs to compare.',
  BAD_CARD_INPUT: 'That button sent something I did not understand. Open the job again from "my jobs".',
  // reminders
  REMINDER_LIMIT: 'You have too many reminders waiting (the limit is 100). Cancel some with "reminders" first.',
  REMINDER_NOT_PENDING: 'That reminder is no longer waiting: it was already sent or cancelled.',
  REMINDER_NOT_FOUND: 'I could not find that reminder. Say "reminders" to see the ones waiting.',
  BAD_NOTICE_DAYS: 'Say "notices expiry 3" (a number of days from 0 to 30), or "notices expiry off".',
  // limits
  USER_RATE_LIMITED: 'You are going faster than I can keep up with. Wait a minute, then try again.',
  // infrastructure
  DATABASE_UNAVAILABLE: 'I cannot reach my database right now. Try again in a moment.',
  INTERNAL: 'Something went wrong on my side. Try again in a moment.',
  // profile: the user's skills
  PROFILE_EMPTY: 'I found no skills in that. Type your skills separated by commas (for example: TypeScript, Kubernetes, PostgreSQL), or paste your résumé.',
  PROFILE_TOO_MANY_SKILLS: 'That is more than 100 skills. Keep the ones that matter for the jobs you want, separated by commas.',
  PROFILE_TOO_LONG: 'That text is too long for a skill list or a résumé. Paste only your skills, or the skills part of your résumé.',
  PROFILE_NO_SKILLS_FOUND: 'I read that text but found no skills I know in it. Type your skills separated by commas instead.',
  // summary: the AI model
  SUMMARY_MODEL_TIMEOUT: 'The AI summary took too long, so this is the quick summary I made myself.',
  SUMMARY_MODEL_UNAVAILABLE: 'The AI summary is not available right now, so this is the quick summary I made myself.',
  SUMMARY_MODEL_INVALID: 'The AI answer did not look right, so I did not use it; this is the quick summary I made myself.',
  // reminders: when a reminder is due
  REMINDER_BAD_DATE: 'That date is not one I can read. Pick the day with the date picker, or type it like 2025-03-12.',
  REMINDER_BAD_TIME: 'That time is not one I can read. Pick it with the time picker, or type it like 14:30.',
  REMINDER_WHEN_UNCLEAR: 'I did not understand when to remind you. Say it like "remind me about contoso in 3 days", "remind me about contoso on Friday at 10" or "remind me about contoso on 12 March at 14:00".',
  REMINDER_NO_JOB: 'Tell me which job to remind you about, like "remind me about contoso tomorrow", or use its number from "my jobs".',
  REMINDER_IN_PAST: 'That time has already passed. Pick a time later than now.',
  REMINDER_TOO_FAR: 'That is more than two years away. Pick a date within the next two years.',
  // the dashboard tab and export
  TAB_UNAUTHORIZED: 'You are not signed in. Open the Job Tracker tab in Teams and try again.',
  TAB_BAD_REQUEST: 'The dashboard sent a request I did not understand. Reload the tab and try again.',
  TAB_BODY_TOO_LARGE: 'That request is too large.',
  TAB_NOT_BUILT: 'The dashboard page is not built on this server yet. Ask the person who runs Job Tracker.',
  EXPORT_LINK_INVALID: 'That download link has expired or is not valid. Say "export" (or press Export CSV on the tab) for a new one.',
  EXPORT_UNAVAILABLE: 'Export is not set up on this server yet. Ask the person who runs Job Tracker.',
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof errorCatalogue;

/** An error the product expects and knows how to explain. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for logs and cards (an HTTP status, the URL): never personal text. */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, options: { cause?: unknown; details?: Record<string, unknown>; message?: string } = {}) {
    super(options.message ?? errorCatalogue[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** The sentence to show a user. */
  get userMessage(): string {
    return errorCatalogue[this.code];
  }
}

/** Turns anything thrown into an AppError, keeping the original as the cause. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE', { cause: error });
  return new AppError('INTERNAL', { cause: error });
}

/** The database is away, or too busy to take a write now (the embedded FerretDB's SQLite lock): worth trying again. */
function isDatabaseUnavailable(error: unknown): boolean {
  const { name = '', message = '' } = (error as { name?: string; message?: string } | undefined) ?? {};
  if (/^Mongo(ServerSelection|Network|NetworkTimeout|TopologyClosed|NotConnected)Error$/.test(name)) return true;
  return name === 'MongoServerError' && /SQLITE_BUSY|database is locked/.test(message);
}

/**
 * The one place errors are handled: logs the error with the ids it came with and returns what the
 * user may see. Used by the bot's onTurnError, the scheduler's failure events and process handlers.
 */
export function handleError(error: unknown, log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void }, ids: Record<string, unknown> = {}): AppError {
  const appError = toAppError(error);
  const fields = { ...ids, code: appError.code, err: error instanceof Error ? error : new Error(String(error)) };
  if (appError.code === 'INTERNAL') log.error(fields, 'unexpected error');
  else log.warn(fields, appError.code === 'DATABASE_UNAVAILABLE' ? 'database unavailable' : 'request failed');
  return appError;
}
