import { statusLabels, statuses, type Status } from '../tracking/trackedJob';
import type { TabPipeline } from './tabApi';

/** The funnel's stages, in order. */
export const FUNNEL_STAGES = ['saved', 'applied', 'interviewing', 'offer'] as const satisfies readonly Status[];

/** How far along the hopeful path each status is. */
const STAGE_RANK: Partial<Record<Status, number>> = { saved: 0, applied: 1, interviewing: 2, offer: 3, accepted: 4 };
/** An employer can only reject or ghost an application: these imply the job was applied to. */
const IMPLIES_APPLIED: ReadonlySet<Status> = new Set(['rejected', 'ghosted']);

/**
 * The furthest stage a job reached (0 saved … 4 accepted), from every status its journey shows: a job rejected
 * after an interview counts as having reached Interviewing.
 */
export function furthestStage(statusHistory: readonly Status[]): number {
  let rank = 0;
  for (const status of statusHistory) {
    rank = Math.max(rank, STAGE_RANK[status] ?? 0, IMPLIES_APPLIED.has(status) ? 1 : 0);
  }
  return rank;
}

/**
 * The pipeline of a collection. A job counts in every funnel stage up to the furthest it reached. Response rate:
 * of the jobs that reached Applied, the share that moved past it — to Interviewing or further, or to Rejected
 * (a rejection is an answer too). Ghosted, withdrawn and still-waiting applications got none.
 */
export function pipelineOf(jobs: ReadonlyArray<{ status: Status; statusHistory: readonly Status[] }>): TabPipeline {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;
  const reached = [0, 0, 0, 0];
  let applied = 0;
  let responded = 0;
  for (const job of jobs) {
    counts[job.status] += 1;
    const rank = furthestStage(job.statusHistory);
    for (let stage = 0; stage < reached.length; stage++) if (rank >= stage) reached[stage] += 1;
    if (rank >= 1) {
      applied += 1;
      if (rank >= 2 || job.statusHistory.includes('rejected')) responded += 1;
    }
  }
  return {
    counts,
    funnel: FUNNEL_STAGES.map((status, i) => ({ status, label: statusLabels[status], count: reached[i] })),
    response: { applied, responded, rate: applied > 0 ? responded / applied : undefined },
  };
}
