import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { SummarizerSettings } from './summary';

/**
 * The product's settings, parsed once from the environment. This is the only reader of
 * `process.env`: everything else receives a typed `Config`.
 */

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean));

const envSchema = z.object({
  /** `local`: no credentials, loopback only, embedded database allowed. `production`: every request authenticated. */
  APP_MODE: z.enum(['local', 'production']).default('local'),
  /** HTTP port of the bot's server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Interface to listen on; local mode always uses 127.0.0.1. */
  HOST: z.string().default('0.0.0.0'),
  /** Azure Bot registration: the app (client) id. Required in production. */
  BOT_ID: z.string().optional(),
  /** Client secret of the app registration (or use a certificate, or a managed identity). */
  BOT_PASSWORD: z.string().optional(),
  /** Certificate thumbprint for certificate authentication. */
  BOT_CERT_THUMBPRINT: z.string().optional(),
  /** Path of the PEM private key that belongs to BOT_CERT_THUMBPRINT. */
  BOT_CERT_KEY_FILE: z.string().optional(),
  /** Tenant of a single-tenant or managed-identity registration. */
  BOT_TENANT_ID: z.string().optional(),
  /** App type of the registration. MultiTenant only for registrations that still have it. */
  BOT_TYPE: z.enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant']).default('SingleTenant'),
  /** Where the Bot Framework publishes its token signing keys; Microsoft's by default. Set for sovereign clouds or a test key set. */
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  /** MongoDB, Atlas or Cosmos DB connection string. Unset in local mode: the embedded FerretDB is started. */
  MONGODB_URI: z.string().optional(),
  /** Database name. */
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('jobtracker'),
  /** Where the embedded database keeps its data. */
  DATA_DIR: z.string().default('.data'),
  /** Where build products (the FerretDB binary) are cached. */
  CACHE_DIR: z.string().default('.cache'),
  /** Hosts the fetcher may reach even though they resolve to private addresses (tests, local demos). Empty in production. */
  FETCH_ALLOW_PRIVATE_HOSTS: list,
  /** Whole-request limit for reading a user's link, redirects and body included. */
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Run the Agenda scheduler in this process (`false` for bot-only instances). */
  SCHEDULER_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** How often the scheduler looks for due jobs, in milliseconds. */
  SCHEDULER_PROCESS_EVERY_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** How often every due reminder is swept up (the safety net under each reminder's own job), in milliseconds. */
  REMINDER_SWEEP_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(10_000),
  /** How long one call to the Bot Connector (a reply, a proactive message) may take before it is given up, in milliseconds. */
  CONNECTOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(6000),
  /** Proactive messages per second per tenant (Teams allows 50 per app per tenant). */
  NOTIFY_TENANT_RPS: z.coerce.number().int().min(1).max(1000).default(50),
  /** Links or pasted postings one user may send per minute. */
  CAPTURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Summaries one user may ask for per minute. */
  SUMMARIES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Name of this process in delivery claims (defaults to host and pid). */
  WORKER_ID: z.string().max(100).optional(),
  /** Which summarizer writes summaries; by default the first configured of Azure OpenAI, an OpenAI-compatible server, OpenAI, else offline. */
  SUMMARY_PROVIDER: z.enum(['offline', 'openai', 'azure', 'compatible']).optional(),
  /** Key for OpenAI, or an optional key for an OpenAI-compatible server. */
  OPENAI_API_KEY: z.string().optional(),
  /** Model for OpenAI and compatible servers. */
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  /** An OpenAI-compatible server (e.g. a local Ollama at http://127.0.0.1:11434/v1). */
  OPENAI_BASE_URL: z.string().url().optional(),
  /** Azure OpenAI resource, e.g. https://<resource>.openai.azure.com */
  AZURE_OPENAI_ENDPOINT: z.string().url().optional(),
  /** Azure OpenAI deployment name (required with the endpoint). */
  AZURE_OPENAI_DEPLOYMENT: z.string().optional(),
  /** Azure OpenAI API version (one that supports structured outputs). */
  AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
  /** Azure OpenAI key. */
  AZURE_OPENAI_API_KEY: z.string().optional(),
  /** Time limit of one model call, in milliseconds (one retry follows a failure). */
  SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(20_000),
  /** Posting characters sent to the model; longer postings keep their requirement sections first. */
  SUMMARY_MAX_INPUT_CHARS: z.coerce.number().int().min(2000).max(400_000).default(24_000),
  /** The bot's public https origin (e.g. https://jobs.contoso.com), for links the bot sends; local mode uses its own address. */
  PUBLIC_URL: z.string().url().optional(),
  /** Where Entra ID publishes the keys that sign the tab's SSO tokens (OpenID metadata); set for sovereign clouds or a test issuer. */
  TAB_OPENID_METADATA_URL: z.string().url().default('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'),
  /** The Application ID URI the tab's SSO tokens are issued for: api://<domain>/<client-id>. */
  TAB_SSO_AUDIENCE: z.string().optional(),
  /** Client id of the Entra app behind the tab's SSO; tokens issued for it are accepted too. */
  AAD_APP_CLIENT_ID: z.string().optional(),
  /** `true`: the tab accepts only people of BOT_TENANT_ID; `false`: people of any tenant whose token is for this app. */
  TAB_SINGLE_TENANT: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** The user the tab acts as in local mode, where there is no SSO (the Agents Playground's user). Never used in production. */
  TAB_DEV_USER_KEY: z.string().min(3).max(200).default('7a3c1f2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b:11111111-1111-4111-8111-111111111111'),
  /** Secret (32+ characters) that signs export download links. Unset: random per process in local mode, export off in production. */
  EXPORT_SIGNING_KEY: z.string().min(32).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Bot Framework credentials; absent in local mode. */
export interface BotCredentials {
  appId: string;
  appType: 'SingleTenant' | 'UserAssignedMSI' | 'MultiTenant';
  tenantId?: string;
  password?: string;
  certificateThumbprint?: string;
  certificateKeyFile?: string;
  openIdMetadataUrl?: string;
}

/** Everything the product is configured with. */
export interface Config {
  mode: 'local' | 'production';
  http: { host: string; port: number };
  bot?: BotCredentials;
  database: { uri?: string; name: string; dataDir: string };
  cacheDir: string;
  fetch: { allowPrivateHosts: string[]; timeoutMs: number };
  scheduler: { enabled: boolean; processEveryMs: number; sweepEveryMs: number; workerId: string };
  notify: { tenantPerSecond: number };
  connector: { timeoutMs: number };
  limits: { capturesPerMinute: number; summariesPerMinute: number };
  summary: SummarizerSettings;
  tab: TabSettings;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

/** The dashboard tab and the CSV export. */
export interface TabSettings {
  /** Origin for absolute links in cards; undefined in production when PUBLIC_URL is unset (local mode: the server's own). */
  publicUrl?: string;
  /** How SSO tokens are validated: whose keys, which audiences, and (single-tenant) which tenant. */
  sso: { metadataUrl: string; audiences: string[]; tenantId?: string };
  /** The user of local mode's development identity; undefined in production, where it is never accepted. */
  devUserKey?: string;
  /** Export link signing secret; undefined: a random one per process in local mode, no export in production. */
  exportSigningKey?: string;
}

/** A configuration the product refuses to start with. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses settings from an environment (the process's own by default) and fails with a readable message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.APP_MODE === 'production';
  if (production) assertProductionSettings(e);
  return {
    mode: e.APP_MODE,
    // Local mode has no credentials, so it must not be reachable from other machines.
    http: { host: production ? e.HOST : '127.0.0.1', port: e.PORT },
    bot: production ? botCredentials(e) : undefined,
    database: { uri: e.MONGODB_URI || undefined, name: e.MONGODB_DB, dataDir: path.resolve(e.DATA_DIR) },
    cacheDir: path.resolve(e.CACHE_DIR),
    fetch: { allowPrivateHosts: e.FETCH_ALLOW_PRIVATE_HOSTS, timeoutMs: e.FETCH_TIMEOUT_MS },
    scheduler: {
      enabled: e.SCHEDULER_ENABLED,
      processEveryMs: e.SCHEDULER_PROCESS_EVERY_MS,
      sweepEveryMs: e.REMINDER_SWEEP_EVERY_MS,
      workerId: e.WORKER_ID ?? `${os.hostname()}:${process.pid}`,
    },
    notify: { tenantPerSecond: e.NOTIFY_TENANT_RPS },
    connector: { timeoutMs: e.CONNECTOR_TIMEOUT_MS },
    limits: { capturesPerMinute: e.CAPTURES_PER_MINUTE, summariesPerMinute: e.SUMMARIES_PER_MINUTE },
    summary: summarizerSettings(e),
    tab: tabSettings(e, production),
    logLevel: e.LOG_LEVEL,
  };
}

function assertProductionSettings(e: z.infer<typeof envSchema>): void {
  const missing: string[] = [];
  if (!e.BOT_ID) missing.push('BOT_ID');
  if (!e.MONGODB_URI) missing.push('MONGODB_URI');
  if (e.BOT_TYPE !== 'MultiTenant' && !e.BOT_TENANT_ID) missing.push('BOT_TENANT_ID');
  const hasSecret = Boolean(e.BOT_PASSWORD) || Boolean(e.BOT_CERT_THUMBPRINT && e.BOT_CERT_KEY_FILE);
  if (e.BOT_TYPE !== 'UserAssignedMSI' && !hasSecret) missing.push('BOT_PASSWORD (or BOT_CERT_THUMBPRINT with BOT_CERT_KEY_FILE)');
  if (e.FETCH_ALLOW_PRIVATE_HOSTS.length > 0) {
    throw new ConfigError('FETCH_ALLOW_PRIVATE_HOSTS must be empty in production: it opens private addresses to user links.');
  }
  if (missing.length > 0) throw new ConfigError(`APP_MODE=production needs: ${missing.join(', ')}`);
}

function summarizerSettings(e: z.infer<typeof envSchema>): SummarizerSettings {
  const provider = e.SUMMARY_PROVIDER ?? (e.AZURE_OPENAI_ENDPOINT ? 'azure' : e.OPENAI_BASE_URL ? 'compatible' : e.OPENAI_API_KEY ? 'openai' : 'offline');
  const common = { timeoutMs: e.SUMMARY_TIMEOUT_MS, maxInputChars: e.SUMMARY_MAX_INPUT_CHARS };
  switch (provider) {
    case 'offline':
      return { provider };
    case 'openai':
      if (!e.OPENAI_API_KEY) throw new ConfigError('SUMMARY_PROVIDER=openai needs OPENAI_API_KEY');
      return { provider, apiKey: e.OPENAI_API_KEY, model: e.OPENAI_MODEL, baseURL: e.OPENAI_BASE_URL, ...common };
    case 'compatible':
      if (!e.OPENAI_BASE_URL) throw new ConfigError('SUMMARY_PROVIDER=compatible needs OPENAI_BASE_URL');
      return { provider, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, apiKey: e.OPENAI_API_KEY, ...common };
    case 'azure':
      if (!e.AZURE_OPENAI_ENDPOINT || !e.AZURE_OPENAI_DEPLOYMENT || !e.AZURE_OPENAI_API_KEY) {
        throw new ConfigError('SUMMARY_PROVIDER=azure needs AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT and AZURE_OPENAI_API_KEY');
      }
      return { provider, endpoint: e.AZURE_OPENAI_ENDPOINT, deployment: e.AZURE_OPENAI_DEPLOYMENT, apiVersion: e.AZURE_OPENAI_API_VERSION, apiKey: e.AZURE_OPENAI_API_KEY, ...common };
  }
}

function tabSettings(e: z.infer<typeof envSchema>, production: boolean): TabSettings {
  if (e.TAB_SINGLE_TENANT && !e.BOT_TENANT_ID) throw new ConfigError('TAB_SINGLE_TENANT=true needs BOT_TENANT_ID');
  return {
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    sso: {
      metadataUrl: e.TAB_OPENID_METADATA_URL,
      audiences: [e.TAB_SSO_AUDIENCE, e.AAD_APP_CLIENT_ID].filter((a): a is string => Boolean(a)),
      tenantId: e.TAB_SINGLE_TENANT ? e.BOT_TENANT_ID : undefined,
    },
    // The development identity is a local-mode convenience; production must never have one to accept.
    devUserKey: production ? undefined : e.TAB_DEV_USER_KEY,
    exportSigningKey: e.EXPORT_SIGNING_KEY,
  };
}

function botCredentials(e: z.infer<typeof envSchema>): BotCredentials {
  return {
    appId: e.BOT_ID!,
    appType: e.BOT_TYPE,
    tenantId: e.BOT_TENANT_ID,
    password: e.BOT_PASSWORD,
    certificateThumbprint: e.BOT_CERT_THUMBPRINT,
    certificateKeyFile: e.BOT_CERT_KEY_FILE,
    openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
  };
}
