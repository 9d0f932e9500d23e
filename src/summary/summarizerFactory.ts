import type { Logger } from '../logger';
import { OfflineSummarizer } from './offlineSummarizer';
import { OpenAiSummarizer, type ModelSettings } from './openAiSummarizer';
import type { Summarizer } from './summary';

/** What configuration must provide: no model (the offline summarizer), OpenAI, Azure OpenAI, or an OpenAI-compatible server. */
export type SummarizerSettings = { provider: 'offline' } | ModelSettings;

/** The summarizer the settings ask for. */
export function createSummarizer(settings: SummarizerSettings, log: Logger): Summarizer {
  const child = log.child({ component: 'summary' });
  return settings.provider === 'offline' ? new OfflineSummarizer() : OpenAiSummarizer.fromSettings(settings, child);
}
