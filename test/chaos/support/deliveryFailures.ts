import fs from 'node:fs';
import type { Db } from 'mongodb';
import type { BotProcess } from './botProcess';

/**
 * Reminders whose delivery threw in a bot (its log says so): the sweep logs the reminder id, a failed
 * `reminder.due` job logs its Agenda job id, which `agendaJobs` maps to the reminder.
 *
 * A database write that fails after Teams accepted the message (FerretDB answers SQLITE_BUSY under load)
 * releases the claim and the reminder goes again: that bug is documented by the failing test in
 * databaseOutage.test.ts. The other scenarios use this list to tell those second deliveries from any other.
 */
export async function failedDeliveries(bots: readonly BotProcess[], db: Db): Promise<Set<string>> {
  const reminderIds = new Set<string>();
  const jobIds = new Set<string>();
  for (const bot of bots) {
    for (const line of fs.readFileSync(bot.logFile, 'utf8').split('\n')) {
      if (!line.includes('"err"')) continue;
      let entry: { component?: string; reminder?: string; job?: string; jobId?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        continue; // not a log line of ours
      }
      if (entry.reminder) reminderIds.add(entry.reminder);
      if (entry.job === 'reminder.due' && entry.jobId) jobIds.add(entry.jobId);
    }
  }
  if (jobIds.size > 0) {
    const jobs = await db.collection<{ _id: unknown; data?: { reminderId?: string } }>('agendaJobs').find({ name: 'reminder.due' }).toArray();
    for (const job of jobs) if (jobIds.has(String(job._id)) && job.data?.reminderId) reminderIds.add(job.data.reminderId);
  }
  return reminderIds;
}

/** How many lines of a bot's log contain every one of `fragments`. */
export function countLogLines(bot: BotProcess, ...fragments: string[]): number {
  return fs.readFileSync(bot.logFile, 'utf8').split('\n').filter((line) => fragments.every((f) => line.includes(f))).length;
}
