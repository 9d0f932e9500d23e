import { AppError } from '../errors';
import { EXPORT_LINKS_STATE, exportLinkCard, type ExportLinkMaker } from '../tab/exportCommand';
import { isStatus, statuses, type Status } from '../tracking/trackedJob';
import type { TextCommand } from './commands';
import type { JobActions } from './jobActions';
import type { ProfileActions } from './profileActions';
import type { ReminderActions } from './reminderActions';

/**
 * The typed commands, in the order they are tried. Each names the same action a card button runs.
 * `<job>` is a number from the last list or a word of the company or title.
 */
export function textCommands(jobs: JobActions, reminders: ReminderActions, profile: ProfileActions): TextCommand[] {
  return [
    {
      name: 'profile',
      pattern: /^(?:profile|my profile|my skills)$/i,
      help: { example: 'profile', does: 'Your skills (for the match score), time zone and notices' },
      handle: (turn) => profile.show(turn),
    },
    {
      name: 'skills',
      pattern: /^skills\s*:\s*(?<skills>[\s\S]*)$/i,
      help: { example: 'skills: TypeScript, Azure, Kubernetes', does: 'Set your skills' },
      handle: (turn, { skills }) => profile.saveSkills(turn, skills ?? ''),
    },
    {
      name: 'summary',
      pattern: /^(?:summary|summarise|summarize)\s+(?<ref>.{1,100})$/i,
      help: { example: 'summary contoso', does: 'What a job asks for, and how well you match it' },
      handle: (turn, { ref }) => jobs.withReference(turn, ref!, (view) => profile.summary(turn, view.posting.id, { canUpdateLater: false })),
    },
    {
      name: 'remind',
      pattern: /^remind me\b[\s\S]{0,200}$/i,
      help: { example: 'remind me about contoso in 3 days', does: 'A follow-up reminder ("on Friday at 10", "tomorrow", "next monday")' },
      handle: async (turn) => {
        const card = await reminders.setFromText(turn);
        if (!card) throw new AppError('REMINDER_WHEN_UNCLEAR');
        return card;
      },
    },
    {
      name: 'reminders',
      pattern: /^reminders$/i,
      help: { example: 'reminders', does: 'The reminders waiting, each cancellable' },
      handle: (turn) => reminders.list(turn),
    },
    {
      name: 'notices',
      pattern: /^notices expiry\s+(?<value>\S+)$/i,
      help: { example: 'notices expiry 5', does: 'Warn me 5 days before a saved job expires ("off" to stop)' },
      handle: (turn, { value }) => reminders.setExpiryNotices(turn, value!),
    },
    {
      name: 'list',
      pattern: /^(?:my jobs|jobs|list)(?:\s+(?<filter>.{1,200}))?$/i,
      help: { example: 'my jobs', does: 'Your saved jobs, newest first; add a status or words to filter ("my jobs applied contoso")' },
      handle: (turn, { filter }) => jobs.list(turn, parseListFilter(filter)),
    },
    {
      name: 'status',
      pattern: /^status\s+(?<ref>.{1,100}?)\s+(?<status>\S+)$/i,
      help: { example: 'status 2 applied', does: `Move job 2 of your last list (or one named by a word, e.g. "status contoso applied") to ${statuses.join(', ')}` },
      handle: async (turn, { ref, status }) => {
        const wanted = status!.toLowerCase();
        if (!isStatus(wanted)) throw new AppError('BAD_STATUS');
        return jobs.withReference(turn, ref!, (view) => jobs.setStatus(turn, view.posting.id, wanted));
      },
    },
    {
      name: 'note',
      pattern: /^note\s+(?<ref>\S{1,100})\s+(?<text>[\s\S]+)$/i,
      help: { example: 'note 2 called the recruiter', does: 'Add a note to a job' },
      handle: (turn, { ref, text }) => jobs.withReference(turn, ref!, (view) => jobs.addNote(turn, view.posting.id, text!)),
    },
    {
      name: 'show',
      pattern: /^(?:show|open)\s+(?<ref>.{1,100})$/i,
      help: { example: 'show contoso', does: "A job's card" },
      handle: (turn, { ref }) => jobs.withReference(turn, ref!, (view) => jobs.show(turn, view.posting.id)),
    },
    {
      name: 'timeline',
      pattern: /^(?:timeline|journey|history)\s+(?<ref>.{1,100})$/i,
      help: { example: 'timeline contoso', does: "A job's whole journey" },
      handle: (turn, { ref }) => jobs.withReference(turn, ref!, (view) => jobs.timeline(turn, view.posting.id)),
    },
    {
      name: 'compare',
      pattern: /^compare\s+(?<numbers>[\d\s,]{1,40})$/i,
      help: { example: 'compare 1 3 4', does: '2 to 4 jobs from your last list, side by side' },
      handle: (turn, { numbers }) => jobs.compareNumbers(turn, numbers!.split(/[\s,]+/).filter(Boolean).map(Number)),
    },
    {
      name: 'export',
      pattern: /^export(?:\s+(?:csv|my jobs|jobs))?$/i,
      help: { example: 'export', does: 'Download all your jobs as a CSV file (the link works for 10 minutes)' },
      handle: async (turn) => exportLinkCard(turn.context.turnState.get(EXPORT_LINKS_STATE) as ExportLinkMaker | undefined, turn.userKey, turn.timeZone),
    },
  ];
}

/** "applied contoso" → status applied, text "contoso"; words that are not a status are the text filter. */
function parseListFilter(filter: string | undefined): { status?: Status; text?: string } {
  const words = (filter ?? '').trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.toLowerCase();
  if (first && isStatus(first)) return { status: first, text: words.slice(1).join(' ') || undefined };
  return { text: words.join(' ') || undefined };
}
