import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

/** Largest request body accepted; Teams activities are far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the health endpoint reports. */
export interface Health {
  database: 'up' | 'down';
  scheduler: 'running' | 'stopped' | 'disabled';
}

/** Runs one inbound Bot Framework activity: authenticates it and returns the invoke response, if any. */
export type ActivityHandler = (authorization: string, activity: { type: string }) => Promise<{ status: number; body?: unknown } | undefined>;

/** The HTTP entry point: `/api/messages` for the Bot Framework, `/healthz` for operators. */
export interface HttpServerOptions {
  handleActivity: ActivityHandler;
  /** More routes, keyed `METHOD /path` (a path ending in `/*` matches everything under it). */
  routes?: Record<string, Route>;
  health: () => Promise<Health>;
  log: Logger;
  /** Prometheus metrics: exposed at `/metrics`, and told each activity's type, outcome and time. */
  metrics?: Metrics;
}

/** A started server. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** One HTTP route's handler. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** Starts the server on host:port (port 0 picks a free one). */
export async function startHttpServer(options: HttpServerOptions, host: string, port: number): Promise<RunningServer> {
  const routes: Record<string, Route> = {
    'POST /api/messages': (req, res) => handleMessages(options, req, res),
    'GET /healthz': (_req, res) => handleHealth(options, res),
    'GET /readyz': (_req, res) => handleHealth(options, res),
    ...(options.metrics ? { 'GET /metrics': (_req: http.IncomingMessage, res: http.ServerResponse) => handleMetrics(options.metrics!, res) } : {}),
    ...options.routes,
  };
  const prefixes = Object.keys(routes).filter((key) => key.endsWith('/*'));
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const key = `${req.method} ${path}`;
    const route = routes[key] ?? routes[prefixes.find((prefix) => key.startsWith(prefix.slice(0, -1))) ?? ''];
    if (!route) return sendJson(res, 404, { error: 'not found' });
    route(req, res).catch((error: unknown) => {
      options.log.error({ err: error, path }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handleMessages(options: HttpServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readJsonBody(req);
  if (!body.ok) return sendJson(res, body.status, { error: body.error });
  const activity = body.value as ActivityShape | null;
  if (!isActivityShaped(activity)) {
    return sendJson(res, 400, { error: 'an activity must be a JSON object with a type, a conversation, a sender and an http(s) serviceUrl' });
  }
  const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
  const type = KNOWN_TYPES.has(activity.type as string) ? (activity.type as string) : 'other';
  const stopTimer = options.metrics?.turnSeconds.startTimer({ type });
  let answer: Awaited<ReturnType<ActivityHandler>>;
  try {
    answer = await options.handleActivity(authorization, activity as { type: string });
    options.metrics?.turns.inc({ type, outcome: 'ok' });
  } catch (error) {
    options.metrics?.turns.inc({ type, outcome: isAuthenticationFailure(error) ? 'unauthorized' : 'error' });
    if (isAuthenticationFailure(error)) {
      options.log.info({ reason: (error as Error).message }, 'request refused: not authenticated');
      return sendJson(res, 401, { error: 'unauthorized' });
    }
    throw error;
  } finally {
    stopTimer?.();
  }
  if (!answer) return void res.writeHead(200).end();
  if (answer.body === undefined) return void res.writeHead(answer.status).end();
  sendJson(res, answer.status, answer.body);
}

interface ActivityShape {
  type?: unknown;
  serviceUrl?: unknown;
  channelId?: unknown;
  conversation?: { id?: unknown } | null;
  from?: { id?: unknown } | null;
}

/** The fields every Bot Framework channel sends; without them botbuilder fails deep inside, so they are checked first. */
function isActivityShaped(activity: ActivityShape | null): activity is ActivityShape & { type: string } {
  if (typeof activity !== 'object' || activity === null || Array.isArray(activity)) return false;
  const { type, serviceUrl, channelId, conversation, from } = activity;
  return (
    typeof type === 'string' &&
    typeof channelId === 'string' &&
    typeof serviceUrl === 'string' &&
    /^https?:\/\//i.test(serviceUrl) &&
    typeof conversation?.id === 'string' &&
    typeof from?.id === 'string'
  );
}

/**
 * botbuilder reports most token failures as AuthenticationError (401) but lets the JWT library's own
 * errors (bad signature, missing signature, not yet valid) escape: those are authentication failures too.
 */
function isAuthenticationFailure(error: unknown): boolean {
  const { statusCode, name } = (error ?? {}) as { statusCode?: number; name?: string };
  return statusCode === 401 || name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}

/** Activity types counted under their own name; anything else is `other` (labels stay few). */
const KNOWN_TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'typing', 'event']);

async function handleMetrics(metrics: Metrics, res: http.ServerResponse): Promise<void> {
  const body = await metrics.render();
  res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body);
}

async function handleHealth(options: HttpServerOptions, res: http.ServerResponse): Promise<void> {
  const health = await options.health();
  sendJson(res, health.database === 'up' ? 200 : 503, health);
}

type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; error: string };

function readJsonBody(req: http.IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return resolve({ ok: false, status: 413, error: 'request body too large' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve({ ok: false, status: 413, error: 'request body too large' });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, error: 'body is not JSON' });
      }
    });
    req.on('error', () => resolve({ ok: false, status: 400, error: 'request aborted' }));
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
