import { personalMessage, type TestUser } from '../support/activities';
import type { TestBot } from '../support/bot';
import type { TestTokenIssuer } from '../support/tokenIssuer';

/** A job as a person would paste it from a job board (title, company line, pay, body), for seeding through the bot. */
export interface PastedJob {
  title: string;
  company: string;
  city: string;
  /** e.g. "$120,000/yr - $140,000/yr" */
  pay?: string;
}

/** The text of a posting a user pastes into the chat; the bot's pasted-text reader takes title, company, place and pay from it. */
export function pastedPosting(job: PastedJob): string {
  return [
    job.title,
    `${job.company} · ${job.city} (Hybrid) · Reposted 1 week ago · Over 50 applicants`,
    ...(job.pay ? [job.pay] : []),
    'Hybrid',
    'Full-time',
    '',
    'About the job',
    `${job.company} is hiring a ${job.title} to build and run the services our customers depend on every day. You will join a small team that owns its work from design to production.`,
    '',
    'Responsibilities',
    '• Design, build and operate TypeScript services on Kubernetes.',
    '• Review code and write the standards the team follows.',
    '',
    'Required Qualifications',
    '• 5+ years of experience building web services in TypeScript or Go.',
    '• Experience with MongoDB or PostgreSQL in production.',
    '',
    `${job.company} is an Equal Opportunity Employer.`,
  ].join('\n');
}

/** A test user whose ids are GUIDs, as Entra ids are (the tab's tokens carry them as `tid` and `oid`). */
export function entraUser(name: string, tenantId: string, aadObjectId: string): TestUser {
  return { id: `29:${aadObjectId}`, aadObjectId, name, tenantId };
}

/** The bot's user key of a Teams user. */
export const userKeyOf = (user: TestUser) => `${user.tenantId}:${user.aadObjectId}`;

/** An answer of the tab's API. */
export interface TabResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Calls the tab's API of a test bot. */
export async function tabRequest(bot: TestBot, path: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<TabResponse> {
  const headers: Record<string, string> = { ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers };
  const response = await fetch(`${bot.app.url}${path}`, {
    method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text; // CSV, or an error page: kept as text for the assertion
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Claims of an Entra ID v2 access token for the tab, as Teams SSO issues them. */
export function ssoClaims(user: TestUser, audience: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: audience,
    iss: `https://login.microsoftonline.com/${user.tenantId}/v2.0`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    name: user.name,
    oid: user.aadObjectId,
    preferred_username: `${user.name.split(' ')[0].toLowerCase()}@contoso.example`,
    scp: 'access_as_user',
    sub: `sub-${user.aadObjectId}`,
    tid: user.tenantId,
    ver: '2.0',
    ...overrides,
  };
}

/** `Authorization: Bearer …` with a token the issuer signed. */
export function bearer(issuer: TestTokenIssuer, claims: Record<string, unknown>): Record<string, string> {
  return { Authorization: `Bearer ${issuer.sign(claims)}` };
}
