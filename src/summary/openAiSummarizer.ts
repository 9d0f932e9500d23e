import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError, AzureOpenAI } from 'openai';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { ExtractedPosting } from '../postings/posting';
import { DEFAULT_MAX_INPUT_CHARS, fencedPosting, newBoundary, responseJsonSchema, systemPrompt } from './prompt';
import { normalizeSkill } from './skills';
import { jobSummarySchema, SUMMARY_LIMITS, summaryContentSchema, type JobSummary, type Summarizer, type SummaryContent } from './summary';

/** OpenAI's own endpoint. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** A model answer must arrive within this; the client retries once, so a user waits at most about twice this. */
export const DEFAULT_MODEL_TIMEOUT_MS = 20_000;

/** Limits shared by every model setting. */
interface ModelLimits {
  /** Per attempt, in milliseconds (default 20 s). */
  timeoutMs?: number;
  /** Posting characters sent at most (default 24,000); longer postings keep their requirement sections first. */
  maxInputChars?: number;
}

/** OpenAI's own API. */
export interface OpenAiSettings extends ModelLimits {
  provider: 'openai';
  apiKey: string;
  model: string;
  /** A gateway or proxy in front of OpenAI; `https://api.openai.com/v1` by default. */
  baseURL?: string;
}

/** Azure OpenAI: a key, or a Microsoft Entra ID token provider (e.g. `getBearerTokenProvider` from `@azure/identity`). */
export interface AzureOpenAiSettings extends ModelLimits {
  provider: 'azure';
  /** `https://<resource>.openai.azure.com` */
  endpoint: string;
  deployment: string;
  apiVersion: string;
  apiKey?: string;
  tokenProvider?: () => Promise<string>;
}

/** Any server that speaks the OpenAI chat completions API (vLLM, Ollama, LiteLLM…). */
export interface CompatibleSettings extends ModelLimits {
  provider: 'compatible';
  /** Up to and including the API version, e.g. `http://localhost:11434/v1`. */
  baseURL: string;
  model: string;
  apiKey?: string;
}

/** Settings for a model summarizer. */
export type ModelSettings = OpenAiSettings | AzureOpenAiSettings | CompatibleSettings;

/** Test seam: the fence string is random per request; tests fix it to show a posting cannot forge it. */
export interface OpenAiSummarizerOptions {
  boundary?: () => string;
}

/** Summaries from an OpenAI-compatible chat model, with structured output checked against the summary schema. */
export class OpenAiSummarizer implements Summarizer {
  readonly source = 'openai' as const;
  readonly model: string;
  private readonly maxInputChars: number;
  private readonly boundary: () => string;

  constructor(
    private readonly client: OpenAI,
    model: string,
    private readonly log: Logger,
    options: { maxInputChars?: number } & OpenAiSummarizerOptions = {},
  ) {
    this.model = model;
    this.maxInputChars = options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
    this.boundary = options.boundary ?? newBoundary;
  }

  /** A summarizer for one of the three kinds of settings. */
  static fromSettings(settings: ModelSettings, log: Logger, options: OpenAiSummarizerOptions = {}): OpenAiSummarizer {
    const model = settings.provider === 'azure' ? settings.deployment : settings.model;
    return new OpenAiSummarizer(createClient(settings, log), model, log, { maxInputChars: settings.maxInputChars, ...options });
  }

  /** Throws SUMMARY_MODEL_TIMEOUT, SUMMARY_MODEL_UNAVAILABLE or SUMMARY_MODEL_INVALID; an answer is used only if it validates. */
  async summarize(posting: ExtractedPosting, options: { signal?: AbortSignal } = {}): Promise<JobSummary> {
    const boundary = this.boundary();
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: [
            { role: 'system', content: systemPrompt(boundary) },
            { role: 'user', content: fencedPosting(posting, boundary, this.maxInputChars) },
          ],
          response_format: { type: 'json_schema', json_schema: { name: 'job_summary', strict: true, schema: responseJsonSchema() } },
        },
        { signal: options.signal },
      );
    } catch (error) {
      throw this.requestError(error);
    }
    return this.accept(completion, posting);
  }

  private accept(completion: OpenAI.Chat.Completions.ChatCompletion, posting: ExtractedPosting): JobSummary {
    const choice = completion.choices?.[0];
    const content = choice?.message?.content;
    if (!choice || choice.finish_reason !== 'stop' || choice.message.refusal || !content) {
      throw this.invalid('incomplete', { finishReason: choice?.finish_reason, refused: Boolean(choice?.message?.refusal) });
    }
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      // Not kept as the cause: a parser's message quotes the answer.
      throw this.invalid('not JSON', {});
    }
    const parsed = summaryContentSchema.safeParse(json);
    if (!parsed.success) throw this.invalid('schema', { issues: parsed.error.issues.map((issue) => issue.path.join('.')).slice(0, 10) });
    return jobSummarySchema.parse({ ...parsed.data, skills: canonicalSkills(parsed.data.skills, posting), source: 'openai', model: this.model });
  }

  private invalid(reason: string, details: Record<string, unknown>): AppError {
    // The answer itself is never logged: it may echo the posting, or whatever a posting smuggled into it.
    this.log.warn({ model: this.model, reason, ...details }, 'model answer discarded');
    return new AppError('SUMMARY_MODEL_INVALID', { details: { reason, ...details } });
  }

  private requestError(error: unknown): AppError {
    if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
      return new AppError('SUMMARY_MODEL_TIMEOUT', { cause: error, details: { model: this.model } });
    }
    const status = error instanceof APIError ? error.status : undefined;
    // 401, 403 and 404 are the operator's settings (key, deployment, model name), not a passing outage.
    if (status === 401 || status === 403 || status === 404) this.log.error({ model: this.model, status }, 'model settings rejected');
    return new AppError('SUMMARY_MODEL_UNAVAILABLE', { cause: error, details: { model: this.model, status } });
  }
}

/** The model's skill names as the lexicon's canonical ones; a name it does not know stays only if the posting says it word for word. */
function canonicalSkills(skills: SummaryContent['skills'], posting: ExtractedPosting): SummaryContent['skills'] {
  const text = `${posting.title ?? ''}\n${posting.description ?? ''}\n${Object.values(posting.sections ?? {}).flat().join('\n')}`.toLowerCase();
  const canonical = (names: string[]): string[] => {
    const out: string[] = [];
    for (const name of names) {
      const skill = normalizeSkill(name) ?? (text.includes(name.trim().toLowerCase()) ? name.trim() : undefined);
      if (skill && !out.includes(skill)) out.push(skill);
    }
    return out;
  };
  const required = canonical(skills.required);
  const preferred = canonical(skills.preferred).filter((s) => !required.includes(s));
  return { required: required.slice(0, SUMMARY_LIMITS.skills), preferred: preferred.slice(0, SUMMARY_LIMITS.skills) };
}

/**
 * The `openai` client for a setting. Every option the client would otherwise read from the environment is passed
 * explicitly: `src/config.ts` alone reads the environment.
 */
function createClient(settings: ModelSettings, log: Logger): OpenAI {
  const common = {
    timeout: settings.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS,
    maxRetries: 1,
    organization: null,
    project: null,
    logLevel: 'warn' as const,
    logger: clientLogger(log),
    fetch: nameKeepingFetch,
  };
  switch (settings.provider) {
    case 'openai':
      return new OpenAI({ ...common, apiKey: settings.apiKey, baseURL: settings.baseURL ?? OPENAI_BASE_URL });
    case 'compatible':
      return new OpenAI({
        ...common,
        baseURL: settings.baseURL,
        // The client insists on a key; a keyless server gets a placeholder and no Authorization header at all.
        apiKey: settings.apiKey ?? 'none',
        defaultHeaders: settings.apiKey ? undefined : { Authorization: null },
      });
    case 'azure':
      return new AzureOpenAI({
        ...common,
        baseURL: `${settings.endpoint.replace(/\/+$/, '')}/openai`,
        apiVersion: settings.apiVersion,
        deployment: settings.deployment,
        // An empty key (not undefined) stops the client falling back to AZURE_OPENAI_API_KEY when a token provider is used.
        apiKey: settings.tokenProvider ? '' : settings.apiKey,
        azureADTokenProvider: settings.tokenProvider,
      });
  }
}

/**
 * The client tells a timeout from other failures by the AbortError's name, and loses the name when fetch's DOMException
 * is not an `Error` of the client's own realm (a vm context, as under jest): re-throw it as a plain Error of this realm.
 */
async function nameKeepingFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (error instanceof Error || name !== 'AbortError') throw error;
    throw Object.assign(new Error(String((error as { message?: unknown }).message ?? 'aborted')), { name });
  }
}

function clientLogger(log: Logger) {
  const write = (level: 'error' | 'warn' | 'info' | 'debug') => (message: string) => log[level]({ component: 'openai' }, message);
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}
