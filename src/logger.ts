import pino from 'pino';

/** The structured logger every component receives; `child({ component })` per capability. */
export type Logger = pino.Logger;

/** Creates the root JSON logger. Ids go in fields; personal text is never logged at info level. */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'job-tracker' }, redact: ['*.password', '*.token', 'authorization'] }, destination);
}
