/** AI job summary and skill match: the surface the bot, the tab and main.ts use. */
export { createSummarizer, type SummarizerSettings } from './summarizerFactory';
export type { AzureOpenAiSettings, CompatibleSettings, ModelSettings, OpenAiSettings } from './openAiSummarizer';
export { SummaryService, type SummarizablePosting, type SummarizeOptions, type SummaryResult } from './summaryService';
export { MongoSummaryCache } from './mongoSummaryCache';
export type { CachedSummary, SummaryCache } from './summaryCache';
export { jobSummarySchema, type Condition, type ConditionKind, type JobSummary, type Summarizer } from './summary';
export { matchSkills, type SkillEvidence, type SkillMatch } from './match';
export { findSkills, normalizeSkill, parseSkillList, type FoundSkill, type ParsedSkills } from './skills';
