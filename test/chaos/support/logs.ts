import fs from 'node:fs';
import type { BotProcess } from './botProcess';

/** How many lines of a bot's log contain every one of `fragments`. */
export function countLogLines(bot: BotProcess, ...fragments: string[]): number {
  return fs.readFileSync(bot.logFile, 'utf8').split('\n').filter((line) => fragments.every((f) => line.includes(f))).length;
}
