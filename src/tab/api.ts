import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compareCardData } from '../cards/compareCard';
import { formatSalary, safeZone } from '../cards/format';
import { timelineCardData } from '../cards/timelineCard';
import { AppError, errorCatalogue } from '../errors';
import type { Logger } from '../logger';
import type { Posting } from '../postings/posting';
import type { UserRepository } from '../profile/user';
import type { SummaryService } from '../summary';
import { yearlySalary } from '../tracking/compare';
import { buildExportCsv, readCollection, type CollectionSource } from '../tracking/export';
import { isStatus, nextStatuses, statusLabels, statuses, type TrackedJob } from '../tracking/trackedJob';
import type { TrackingService } from '../tracking/trackingService';
import type { ExportLinks } from './exportLinks';
import { readJsonObject, sendError, sendJson } from './http';
import { pipelineOf } from './pipeline';
import type { TabAuthenticator, TabIdentity } from './tabAuth';
import type { TabComparison, TabExportLink, TabJob, TabJobDetail, TabJobsResponse } from './tabApi';

/** What the tab's API calls: the same domain services the bot uses. */
export interface TabApiDeps {
  /** Every change (status, notes) and every single-job read goes through the domain, scoped to the caller. */
  tracking: Pick<TrackingService, 'timeline' | 'setStatus' | 'addNote' | 'deleteNote' | 'forComparison'>;
  /** The whole collection is read page by page for the table and the export (see readCollection). */
  collection: CollectionSource;
  users: Pick<UserRepository, 'find'>;
  summaries: Pick<SummaryService, 'peek'>;
  auth: TabAuthenticator;
  /** Undefined when export is off (production without EXPORT_SIGNING_KEY). */
  exportLinks?: ExportLinks;
  log: Logger;
}

/** One request, authenticated. */
interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  user: TabIdentity;
  params: string[];
  url: URL;
}

/** One entry of the API's routing table. */
interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the path; groups are the parameters. */
  path: RegExp;
  /** `sso`: a Teams SSO token (or local mode's development identity); `exportLink`: the signed token in the query. */
  auth: 'sso' | 'exportLink';
  handle(call: Call): Promise<void>;
}

/** Job ids are derived (`trackedJobId`): a `j` and 23 hex digits. Anything else is not one of anyone's jobs. */
const JOB_ID = '(j[a-f0-9]{23})';
/** Match scores are looked up this many at a time. */
const MATCH_READS_AT_ONCE = 10;

/** The tab's JSON API under `/api/tab/`. Thin: parse, call one domain function, answer. */
export class TabApi {
  private readonly routes: readonly ApiRoute[];

  constructor(private readonly deps: TabApiDeps) {
    this.routes = [
      { method: 'GET', path: /^\/api\/tab\/jobs$/, auth: 'sso', handle: (call) => this.listJobs(call) },
      { method: 'GET', path: new RegExp(`^/api/tab/jobs/${JOB_ID}$`), auth: 'sso', handle: (call) => this.jobDetail(call) },
      { method: 'POST', path: new RegExp(`^/api/tab/jobs/${JOB_ID}/status$`), auth: 'sso', handle: (call) => this.setStatus(call) },
      { method: 'POST', path: new RegExp(`^/api/tab/jobs/${JOB_ID}/notes$`), auth: 'sso', handle: (call) => this.addNote(call) },
      { method: 'DELETE', path: new RegExp(`^/api/tab/jobs/${JOB_ID}/notes/([^/]{1,300})$`), auth: 'sso', handle: (call) => this.deleteNote(call) },
      { method: 'POST', path: /^\/api\/tab\/compare$/, auth: 'sso', handle: (call) => this.compare(call) },
      { method: 'POST', path: /^\/api\/tab\/export-link$/, auth: 'sso', handle: (call) => this.exportLink(call) },
      { method: 'GET', path: /^\/api\/tab\/export\.csv$/, auth: 'exportLink', handle: (call) => this.exportCsv(call) },
    ];
  }

  /** Handles any request under `/api/tab/`: routes it, authenticates it, and answers errors as JSON. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://tab.invalid');
    let user: TabIdentity | undefined;
    try {
      const found = this.route(req.method ?? 'GET', url.pathname);
      if (!found) return sendJson(res, 404, { error: { code: 'TAB_BAD_REQUEST', message: errorCatalogue.TAB_BAD_REQUEST } });
      user = found.route.auth === 'sso' ? await this.deps.auth.authenticate(req) : { userKey: this.exportLinks().verify(url.searchParams.get('token') ?? ''), dev: false };
      await found.route.handle({ req, res, user, params: found.params, url });
    } catch (error) {
      sendError(res, error, this.deps.log, { user: user?.userKey, path: url.pathname });
    }
  }

  private route(method: string, path: string): { route: ApiRoute; params: string[] } | undefined {
    for (const route of this.routes) {
      const match = route.method === method ? route.path.exec(path) : null;
      if (match) return { route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
    }
    return undefined;
  }

  private async listJobs({ res, user }: Call): Promise<void> {
    const { jobs, total, truncated } = await readCollection(this.deps.collection, user.userKey);
    const scores = await this.matchScores(user.userKey, jobs.map((j) => j.posting));
    const body: TabJobsResponse = {
      jobs: jobs.map((j, i) => tabJob(j.job, j.posting, j.lastChangeAt, scores[i])),
      total,
      truncated,
      pipeline: pipelineOf(jobs.map((j) => ({ status: j.job.status, statusHistory: j.statusHistory }))),
      dev: user.dev,
    };
    sendJson(res, 200, body);
  }

  private async jobDetail({ req, res, user, params: [jobId] }: Call): Promise<void> {
    sendJson(res, 200, await this.detail(user.userKey, jobId, timeZoneOf(req)));
  }

  private async setStatus({ req, res, user, params: [jobId] }: Call): Promise<void> {
    const { status } = await readJsonObject(req);
    if (!isStatus(status)) throw new AppError('BAD_STATUS');
    await this.deps.tracking.setStatus(user.userKey, jobId, status, requestIdOf(req, user));
    sendJson(res, 200, await this.detail(user.userKey, jobId, timeZoneOf(req)));
  }

  private async addNote({ req, res, user, params: [jobId] }: Call): Promise<void> {
    const { text } = await readJsonObject(req);
    if (typeof text !== 'string') throw new AppError('NOTE_EMPTY');
    await this.deps.tracking.addNote(user.userKey, jobId, text, requestIdOf(req, user));
    sendJson(res, 200, await this.detail(user.userKey, jobId, timeZoneOf(req)));
  }

  private async deleteNote({ req, res, user, params: [jobId, noteId] }: Call): Promise<void> {
    await this.deps.tracking.deleteNote(user.userKey, jobId, noteId);
    sendJson(res, 200, await this.detail(user.userKey, jobId, timeZoneOf(req)));
  }

  private async compare({ req, res, user }: Call): Promise<void> {
    const { jobIds } = await readJsonObject(req);
    if (!Array.isArray(jobIds) || jobIds.length > 10 || !jobIds.every((id) => typeof id === 'string')) throw new AppError('COMPARE_COUNT');
    const views = await this.deps.tracking.forComparison(user.userKey, jobIds as string[]);
    const data = compareCardData(views, { timeZone: timeZoneOf(req), matchScores: await this.matchScores(user.userKey, views.map((v) => v.posting)) });
    const body: TabComparison = {
      jobs: views.map((v) => ({ id: v.job.id, title: v.posting.title ?? v.job.title ?? 'Untitled job' })),
      // The card marks the best value with a star and colour; the page marks it with its own style.
      rows: data.rows.map((row) => ({ label: row.label, cells: row.cells.map((c) => ({ text: c.text.replace(/^★ /, ''), best: c.color === 'good' })) })),
      note: data.note,
    };
    sendJson(res, 200, body);
  }

  private async exportLink({ res, user }: Call): Promise<void> {
    const { path, expiresAt } = this.exportLinks().path(user.userKey);
    const body: TabExportLink = { url: path, expiresAt: expiresAt.toISOString() };
    sendJson(res, 200, body);
  }

  private async exportCsv({ res, user }: Call): Promise<void> {
    const { jobs } = await readCollection(this.deps.collection, user.userKey);
    const day = new Date().toISOString().slice(0, 10);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="job-tracker-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    // The byte order mark makes Excel read the file as UTF-8 (company names are rarely ASCII-only).
    res.end(`\uFEFF${buildExportCsv(jobs)}`);
  }

  private exportLinks(): ExportLinks {
    if (!this.deps.exportLinks) throw new AppError('EXPORT_UNAVAILABLE');
    return this.deps.exportLinks;
  }

  private async detail(userKey: string, jobId: string, timeZone: string): Promise<TabJobDetail> {
    const { view, events } = await this.deps.tracking.timeline(userKey, jobId);
    const timeline = timelineCardData(view, events, { timeZone });
    const lastChange = events.reduce((latest, e) => (e.at > latest ? e.at : latest), view.job.updatedAt);
    const [match] = await this.matchScores(userKey, [view.posting]);
    return {
      job: tabJob(view.job, view.posting, lastChange, match),
      stage: timeline.stage,
      statuses: statuses.map((status) => ({ status, label: statusLabels[status], suggested: nextStatuses[view.job.status].includes(status) })),
      timeline: timeline.entries,
      hiddenCount: timeline.hiddenCount,
      notes: events
        .filter((e) => e.type === 'note')
        .reverse()
        .map((e) => ({ id: e.id, text: String(e.data.text ?? ''), at: e.at.toISOString() })),
    };
  }

  /** Match scores against the user's skills, for postings whose summary exists (as the bot's compare shows them). */
  private async matchScores(userKey: string, postings: readonly Posting[]): Promise<Array<number | undefined>> {
    const skills = (await this.deps.users.find(userKey))?.skills ?? [];
    if (skills.length === 0 || postings.length === 0) return postings.map(() => undefined);
    const scores: Array<number | undefined> = [];
    for (let i = 0; i < postings.length; i += MATCH_READS_AT_ONCE) {
      const batch = postings.slice(i, i + MATCH_READS_AT_ONCE);
      scores.push(...(await Promise.all(batch.map(async (posting) => (await this.deps.summaries.peek(posting, skills))?.match?.score))));
    }
    return scores;
  }
}

/** A job as a row of the table. */
function tabJob(job: TrackedJob, posting: Posting, lastChange: Date, match: number | undefined): TabJob {
  const perYear = yearlySalary(posting.salary);
  return {
    id: job.id,
    postingId: posting.id,
    status: job.status,
    title: posting.title ?? job.title,
    company: posting.company ?? job.company,
    location: posting.location?.text ?? '',
    remote: posting.remote,
    employmentType: posting.employmentType ?? '',
    salary: formatSalary(posting.salary) ?? '',
    salaryPerYear: perYear?.max ?? perYear?.min,
    salaryCurrency: posting.salary?.currency,
    match,
    posted: posting.datePosted?.toISOString(),
    expires: posting.validThrough?.toISOString(),
    lastChange: lastChange.toISOString(),
    url: /^https?:\/\//i.test(posting.url) ? posting.url : '',
    open: posting.open,
  };
}

/** The caller's time zone for dates in text (the page sends the browser's or Teams' zone); UTC when unknown. */
function timeZoneOf(req: IncomingMessage): string {
  const zone = req.headers['x-time-zone'];
  return typeof zone === 'string' && zone.length < 64 ? safeZone(zone) : 'UTC';
}

/**
 * The request's id for the journey's once-only records. The page sends one per action (repeated when it retries);
 * it is hashed with the user key, so one user's ids can never collide with another's records.
 */
function requestIdOf(req: IncomingMessage, user: TabIdentity): string {
  const given = req.headers['x-request-id'];
  const clientId = typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : randomUUID();
  return `tab-${createHash('sha256').update(`${user.userKey}\n${clientId}`).digest('hex').slice(0, 32)}`;
}

