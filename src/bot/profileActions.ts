import { profileCard } from '../cards/profileCard';
import type { AdaptiveCardJson } from '../cards/render';
import { summaryCard } from '../cards/summaryCard';
import type { UserRepository } from '../profile/user';
import { parseSkillList, type SummaryResult, type SummaryService } from '../summary';
import type { TrackingService } from '../tracking/trackingService';
import type { Turn } from './commands';
import type { JobActions } from './jobActions';
import { AppError } from '../errors';

/** Runs work after the turn's answer went out (the summary written by a model replaces its placeholder). */
export type AfterTurn = (turn: Turn, work: () => Promise<AdaptiveCardJson>) => void;

/** The profile (skills) and the summary of a job with the match against those skills. */
export class ProfileActions {
  constructor(
    private readonly deps: {
      users: UserRepository;
      summaries: SummaryService;
      tracking: TrackingService;
      jobs: JobActions;
      afterTurn: AfterTurn;
      /** Whether this user may ask for another summary now (a per-user rate limit). */
      allow: (turn: Turn) => boolean;
      onSummary?: (result: SummaryResult) => void;
    },
  ) {}

  async show(turn: Turn): Promise<AdaptiveCardJson> {
    const user = await this.deps.users.find(turn.userKey);
    return profileCard(user ?? { skills: [], timeZone: turn.timeZone });
  }

  /** Saves typed skills, or the skills found in a pasted résumé (the résumé itself is not kept). */
  async saveSkills(turn: Turn, input: string): Promise<AdaptiveCardJson> {
    const parsed = parseSkillList(input);
    await this.deps.users.setSkills(turn.userKey, parsed.skills);
    const user = await this.deps.users.find(turn.userKey);
    const notice = parsed.from === 'resume' ? `Took ${parsed.skills.length} skills from your résumé; the résumé itself is not kept.` : `Saved ${parsed.skills.length} skills.`;
    return profileCard(user ?? { skills: parsed.skills }, { notice, unknown: parsed.unknown });
  }

  /**
   * The job's summary and match. An offline or cached summary answers at once; one the model must
   * write answers with "summarising…" and replaces it when done.
   */
  async summary(turn: Turn, postingId: string, options: { canUpdateLater: boolean }): Promise<AdaptiveCardJson> {
    const view = await this.deps.tracking.viewOf(turn.userKey, postingId);
    if (!view) throw new AppError('JOB_NOT_FOUND');
    if (!this.deps.allow(turn)) throw new AppError('USER_RATE_LIMITED');
    const skills = (await this.deps.users.find(turn.userKey))?.skills ?? [];
    const write = async () => {
      const result = await this.deps.summaries.summarize(view.posting, skills);
      this.deps.onSummary?.(result);
      return summaryCard(view.posting, result, { hasSkills: skills.length > 0 });
    };
    if (!this.deps.summaries.usesModel || !options.canUpdateLater) return write();
    const cached = await this.deps.summaries.peek(view.posting, skills);
    if (cached) {
      this.deps.onSummary?.(cached);
      return summaryCard(view.posting, cached, { hasSkills: skills.length > 0 });
    }
    this.deps.afterTurn(turn, write);
    return summaryCard(view.posting, undefined, { hasSkills: skills.length > 0 });
  }
}
