import { z } from 'zod';
import { ANY_STATUS, PICK_INPUT_PREFIX } from '../cards/listCard';
import type { AdaptiveCardJson } from '../cards/render';
import { Verbs, type Verb } from '../cards/verbs';
import { AppError } from '../errors';
import { statuses } from '../tracking/trackedJob';
import type { Turn } from './commands';
import type { JobActions } from './jobActions';
import type { ProfileActions } from './profileActions';
import type { ReminderActions } from './reminderActions';

/** A card button's handler: checks the payload's shape, then makes one call. */
interface CardAction<S extends z.ZodType> {
  schema: S;
  handle(turn: Turn, data: z.infer<S>): Promise<AdaptiveCardJson>;
}

// A card's data is whatever the client sends: every field is checked here, before any lookup.
const postingId = z.string().regex(/^[a-f0-9]{32}$/);
const onPosting = z.object({ postingId });
const page = z.coerce.number().int().min(0).max(10_000).default(0);

const reminderId = z.string().regex(/^r[a-f0-9]{23}$/);
const preset = z.enum(['tomorrow', 'in3days', 'inAWeek', 'followUp7', 'in1hour']);

const define = <S extends z.ZodType>(action: CardAction<S>) => action as unknown as CardAction<z.ZodType>;

/** The table of card verbs → handlers. */
export function cardActions(jobs: JobActions, reminders: ReminderActions, profile: ProfileActions): Record<Verb, CardAction<z.ZodType>> {
  return {
    [Verbs.summary]: define({ schema: onPosting, handle: (turn, d) => profile.summary(turn, d.postingId, { canUpdateLater: Boolean(turn.cardMessageId) }) }),
    [Verbs.saveSkills]: define({ schema: z.object({ skills: z.string().max(250_000).default('') }), handle: (turn, d) => profile.saveSkills(turn, d.skills) }),
    [Verbs.show]: define({ schema: onPosting, handle: (turn, d) => jobs.show(turn, d.postingId) }),
    [Verbs.refresh]: define({ schema: onPosting, handle: (turn, d) => jobs.show(turn, d.postingId) }),
    [Verbs.save]: define({ schema: onPosting, handle: (turn, d) => jobs.save(turn, d.postingId) }),
    [Verbs.setStatus]: define({
      schema: z.object({ postingId, status: z.enum(statuses) }),
      handle: (turn, d) => jobs.setStatus(turn, d.postingId, d.status),
    }),
    [Verbs.addNote]: define({
      // Length is judged by the domain (a clear "too long" answer), the schema only bounds what is parsed.
      schema: z.object({ postingId, note: z.string().max(50_000).default('') }),
      handle: (turn, d) => jobs.addNote(turn, d.postingId, d.note),
    }),
    [Verbs.deleteNote]: define({
      schema: z.object({ postingId, noteId: z.string().min(1).max(300) }),
      handle: (turn, d) => jobs.deleteNote(turn, d.postingId, d.noteId),
    }),
    [Verbs.timeline]: define({ schema: onPosting, handle: (turn, d) => jobs.timeline(turn, d.postingId) }),
    [Verbs.remove]: define({ schema: onPosting, handle: (turn, d) => jobs.remove(turn, d.postingId) }),
    [Verbs.attachText]: define({
      schema: z.object({ url: z.string().url().max(2000), text: z.string().max(200_000).default('') }),
      handle: (turn, d) => jobs.attachText(turn, d.url, d.text),
    }),
    [Verbs.details]: define({
      schema: z.object({ postingId, title: z.string().max(500).optional(), company: z.string().max(500).optional() }),
      handle: (turn, d) => jobs.completeDetails(turn, d.postingId, { title: d.title, company: d.company }),
    }),
    [Verbs.list]: define({
      schema: z.object({ page, status: z.union([z.enum(statuses), z.literal(ANY_STATUS), z.literal('')]).optional(), text: z.string().max(100).optional() }),
      handle: (turn, d) => jobs.list(turn, { page: d.page, status: d.status === ANY_STATUS || !d.status ? undefined : d.status, text: d.text }),
    }),
    [Verbs.setReminder]: define({
      schema: z.object({ postingId, preset: preset.optional(), date: z.string().max(20).optional(), time: z.string().max(10).optional() }),
      handle: (turn, d) => reminders.set(turn, d.postingId, { preset: d.preset, date: d.date, time: d.time }),
    }),
    [Verbs.snoozeReminder]: define({ schema: z.object({ reminderId, preset }), handle: (turn, d) => reminders.snooze(turn, d.reminderId, d.preset) }),
    [Verbs.reminderDone]: define({ schema: z.object({ reminderId }), handle: (turn, d) => reminders.done(turn, d.reminderId) }),
    [Verbs.cancelReminder]: define({ schema: z.object({ reminderId }), handle: (turn, d) => reminders.cancel(turn, d.reminderId) }),
    [Verbs.compare]: define({
      schema: z.record(z.string().max(40), z.unknown()),
      handle: (turn, d) => jobs.compare(turn, pickedJobIds(d)),
    }),
  };
}

/** Runs the handler of a card action; a payload of the wrong shape is refused before anything is read or written. */
export async function runCardAction(table: Record<Verb, CardAction<z.ZodType>>, turn: Turn, value: unknown): Promise<AdaptiveCardJson> {
  const data = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const verb = data.verb;
  const action = typeof verb === 'string' && Object.hasOwn(table, verb) ? table[verb as Verb] : undefined;
  if (!action) throw new AppError('BAD_CARD_INPUT', { details: { verb: typeof verb === 'string' ? verb.slice(0, 40) : typeof verb } });
  const parsed = action.schema.safeParse(data);
  if (!parsed.success) throw new AppError('BAD_CARD_INPUT', { details: { verb, issues: parsed.error.issues.length } });
  return action.handle(turn, parsed.data);
}

/** The job ids the compare toggles carry (inputs `pick0`, `pick1`, …; an unticked toggle sends ''). */
function pickedJobIds(data: Record<string, unknown>): string[] {
  return Object.entries(data)
    .filter(([key, value]) => key.startsWith(PICK_INPUT_PREFIX) && typeof value === 'string' && /^j[a-f0-9]{23}$/.test(value))
    .map(([, value]) => value as string);
}
