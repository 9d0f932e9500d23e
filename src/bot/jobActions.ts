import { compareCard } from '../cards/compareCard';
import { jobCard, type JobCardInput, type JobCardOptions } from '../cards/jobCard';
import { jobListCard } from '../cards/listCard';
import { choiceCard, errorCard, noticeCard } from '../cards/messageCards';
import type { AdaptiveCardJson } from '../cards/render';
import { timelineCard } from '../cards/timelineCard';
import { AppError } from '../errors';
import type { Status } from '../tracking/trackedJob';
import { trackedJobId, type JobView, type TrackingService } from '../tracking/trackingService';
import type { Turn } from './commands';

/**
 * What a person can do with their jobs, each as one domain call turned into one card. Card buttons
 * and text commands both land here, so clicking and typing behave the same.
 */
export class JobActions {
  constructor(
    private readonly tracking: TrackingService,
    /** Match scores of the user against jobs whose summary exists (for compare); `skills` when they were read already. */
    private readonly matchScores: (userKey: string, views: readonly JobView[], skills?: readonly string[]) => Promise<Array<number | undefined>> = async (_u, views) => views.map(() => undefined),
  ) {}

  /** The card of a posting for this viewer (their status, or a Save button when it is not theirs). */
  async show(turn: Turn, postingId: string, notice?: Pick<JobCardOptions, 'notice' | 'noticeColor'>): Promise<AdaptiveCardJson> {
    const view = await this.tracking.viewOf(turn.userKey, postingId);
    if (!view) throw new AppError('JOB_NOT_FOUND');
    return this.card(turn, view, notice);
  }

  /** Saves a posting someone shared into the viewer's own collection. */
  async save(turn: Turn, postingId: string): Promise<AdaptiveCardJson> {
    const view = await this.tracking.saveStoredPosting(turn.userKey, postingId, turn.activityId);
    return this.card(turn, view, view.created ? { notice: 'Saved to your collection', noticeColor: 'good' } : {});
  }

  /** Moves the viewer's job to a status; a job shared by someone else is saved for the viewer first. */
  async setStatus(turn: Turn, postingId: string, status: Status): Promise<AdaptiveCardJson> {
    const view = await this.tracking.setStatusOfPosting(turn.userKey, postingId, status, turn.activityId);
    return jobCard(view, { viewerId: turn.viewerId, timeZone: turn.timeZone, offerFollowUp: status === 'applied' });
  }

  /** Saves posting text the user pasted into the card of a link whose site blocks bots. */
  async attachText(turn: Turn, url: string, text: string): Promise<AdaptiveCardJson> {
    const view = await this.tracking.attachText(turn.userKey, text, turn.activityId, url);
    return this.card(turn, view);
  }

  /** Fills in a pasted posting's title and company. */
  async completeDetails(turn: Turn, postingId: string, fields: { title?: string; company?: string }): Promise<AdaptiveCardJson> {
    const view = await this.tracking.completeDetails(turn.userKey, postingId, fields);
    return this.card(turn, view, { notice: 'Details saved', noticeColor: 'good' });
  }

  async addNote(turn: Turn, postingId: string, text: string): Promise<AdaptiveCardJson> {
    const view = await this.tracking.addNote(turn.userKey, this.jobId(turn, postingId), text, turn.activityId);
    return this.card(turn, view, { notice: 'Note saved', noticeColor: 'good' });
  }

  async deleteNote(turn: Turn, postingId: string, noteId: string): Promise<AdaptiveCardJson> {
    const view = await this.tracking.deleteNote(turn.userKey, this.jobId(turn, postingId), noteId);
    return this.card(turn, view, { notice: 'Note deleted' });
  }

  async timeline(turn: Turn, postingId: string): Promise<AdaptiveCardJson> {
    const { view, events } = await this.tracking.timeline(turn.userKey, this.jobId(turn, postingId));
    return timelineCard(view, events, { timeZone: turn.timeZone });
  }

  async remove(turn: Turn, postingId: string): Promise<AdaptiveCardJson> {
    const job = await this.tracking.remove(turn.userKey, this.jobId(turn, postingId));
    return noticeCard('Removed', `"${job.title || 'Untitled job'}"${job.company ? ` at ${job.company}` : ''} and its notes and timeline are no longer in your collection.`);
  }

  async list(turn: Turn, query: { status?: Status; text?: string; page?: number }): Promise<AdaptiveCardJson> {
    return jobListCard(await this.tracking.list(turn.userKey, query));
  }

  async compare(turn: Turn, jobIds: readonly string[]): Promise<AdaptiveCardJson> {
    const views = await this.tracking.forComparison(turn.userKey, jobIds);
    return compareCard(views, { timeZone: turn.timeZone, matchScores: await this.matchScores(turn.userKey, views) });
  }

  /** Compares jobs by their numbers in the user's last list ("compare 1 3 4"). */
  async compareNumbers(turn: Turn, numbers: readonly number[]): Promise<AdaptiveCardJson> {
    if (numbers.length < 2 || numbers.length > 4) throw new AppError('COMPARE_COUNT');
    const { views, skills } = await this.tracking.forComparisonByNumbers(turn.userKey, numbers);
    return compareCard(views, { timeZone: turn.timeZone, matchScores: await this.matchScores(turn.userKey, views, skills) });
  }

  /** Resolves a text reference ("2", "contoso") and runs `then` on the one job it names; several get a choice card. */
  async withReference(turn: Turn, reference: string, then: (view: JobView) => Promise<AdaptiveCardJson>): Promise<AdaptiveCardJson> {
    const match = await this.tracking.resolve(turn.userKey, reference);
    if (match.kind === 'none') return errorCard(new AppError('JOB_NOT_FOUND'), reference);
    if (match.kind === 'many') {
      return choiceCard(
        `Several of your jobs match "${reference}". Which one?`,
        match.candidates.map((c) => ({ title: [c.posting.title ?? 'Untitled job', c.posting.company].filter(Boolean).join(' · '), postingId: c.posting.id })),
      );
    }
    return then(match.view);
  }

  private card(turn: Turn, view: JobCardInput, notice: Pick<JobCardOptions, 'notice' | 'noticeColor'> = {}): AdaptiveCardJson {
    return jobCard(view, { viewerId: turn.viewerId, timeZone: turn.timeZone, ...notice });
  }

  /** The viewer's own job for a posting: the id is derived from who clicked, never taken from the card. */
  private jobId(turn: Turn, postingId: string): string {
    return trackedJobId(turn.userKey, postingId);
  }
}
