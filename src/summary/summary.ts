import { z } from 'zod';
import type { ExtractedPosting } from '../postings/posting';

/** Longest text a summary line may carry: a card line, not a paragraph. */
export const MAX_SUMMARY_LINE = 300;

/** How many lines each part of a summary keeps. */
export const SUMMARY_LIMITS = { responsibilities: 5, required: 6, preferred: 4, conditions: 8, skills: 30 } as const;

/** The kinds of condition that can decide whether a job is possible at all. */
export const conditionKinds = [
  'location', 'remote', 'travel', 'clearance', 'background_check', 'drug_test', 'citizenship', 'visa', 'relocation', 'schedule', 'salary',
] as const;
export type ConditionKind = (typeof conditionKinds)[number];

const line = z.string().min(1).max(MAX_SUMMARY_LINE);
const skillName = z.string().min(1).max(60);

/** One deciding condition in the posting's words; `value` is a short answer when there is one ("yes", "no", "25%", "2 days a week"). */
export const conditionSchema = z.strictObject({
  kind: z.enum(conditionKinds),
  text: line,
  value: z.string().min(1).max(40).nullable(),
});
export type Condition = z.infer<typeof conditionSchema>;

/**
 * What a summarizer produces about a posting. A model's answer must validate against exactly this
 * (it is also the JSON schema sent with the request), so every bound here is a bound on what a card can show.
 */
export const summaryContentSchema = z.strictObject({
  /** Role, seniority, team or product, in one line. */
  gist: line,
  responsibilities: z.array(line).max(SUMMARY_LIMITS.responsibilities),
  required: z.array(line).max(SUMMARY_LIMITS.required),
  preferred: z.array(line).max(SUMMARY_LIMITS.preferred),
  conditions: z.array(conditionSchema).max(SUMMARY_LIMITS.conditions),
  /** Canonical skill names the posting asks for. */
  skills: z.strictObject({
    required: z.array(skillName).max(SUMMARY_LIMITS.skills),
    preferred: z.array(skillName).max(SUMMARY_LIMITS.skills),
  }),
});
export type SummaryContent = z.infer<typeof summaryContentSchema>;

/** Which summarizer wrote a summary. */
export const summarySources = ['openai', 'offline'] as const;
export type SummarySource = (typeof summarySources)[number];

/** A posting's summary as shown on the card and kept in the cache. */
export const jobSummarySchema = summaryContentSchema.extend({
  source: z.enum(summarySources),
  /** The model (or Azure deployment) that wrote it, for a model summary. */
  model: z.string().min(1).max(100).optional(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** Cuts a line to the card's limit at a word boundary, with an ellipsis when something was cut. */
export function clipLine(text: string, max = MAX_SUMMARY_LINE): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const boundary = cut.search(/\s\S*$/);
  return `${(boundary > max * 0.6 ? cut.slice(0, boundary) : cut).replace(/[\s,;:–-]+$/, '')}…`;
}

/** Writes a summary of one posting. Implementations: the offline summarizer and the OpenAI-compatible one. */
export interface Summarizer {
  readonly source: SummarySource;
  /** The model or deployment name, for a model summarizer. */
  readonly model?: string;
  summarize(posting: ExtractedPosting, options?: { signal?: AbortSignal }): Promise<JobSummary>;
}
