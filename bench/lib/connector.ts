/**
 * A local Bot Connector service for benchmarks: the routes of `test/support/connector.ts`, but it keeps
 * counts instead of every body (unless asked), hands each call to a hook, and can enforce Teams' send
 * limits, answering 429 with Retry-After like the real service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from '../../test/support/httpServer';

/** One call the bot made to the connector. */
export interface BenchConnectorCall {
  kind: 'reply' | 'send' | 'update' | 'delete' | 'createConversation';
  conversationId?: string;
  activityId?: string;
  body: any;
  at: number;
}

/** Teams' limits on what a bot sends: per conversation, and per app per tenant. */
export interface ConnectorLimits {
  perConversationPerSecond: number;
  perConversationPer30Seconds: number;
  perTenantPerSecond: number;
}

/** Teams' published limits (the tenant figure is the default of NOTIFY_TENANT_RPS). */
export const TEAMS_CONNECTOR_LIMITS: ConnectorLimits = { perConversationPerSecond: 7, perConversationPer30Seconds: 60, perTenantPerSecond: 50 };

/** How the connector behaves. */
export interface BenchConnectorOptions {
  /** Keep every accepted call (with its body) in `calls`; off for long runs, so memory stays flat. */
  recordBodies?: boolean;
  /** Limits to enforce once `enforce(true)` is called (or from the start with `enforcing`). */
  limits?: ConnectorLimits;
  enforcing?: boolean;
  /** Sees every accepted call, as it arrives. */
  onCall?: (call: BenchConnectorCall) => void;
}

/** What the connector counted. */
export interface ConnectorCounts {
  accepted: Record<BenchConnectorCall['kind'], number>;
  /** 429 answers, by the limit that was exceeded. */
  throttled: { conversationPerSecond: number; conversationPer30Seconds: number; tenantPerSecond: number };
}

/** A started bench connector. */
export interface BenchConnector extends TestHttpServer {
  /** Accepted calls, only with `recordBodies`. */
  calls: BenchConnectorCall[];
  counts: ConnectorCounts;
  /** Starts or stops enforcing the limits (counted windows start empty). */
  enforce(on: boolean): void;
  resetCounts(): void;
}

const ROUTES: Array<{ method: string; pattern: RegExp; kind: BenchConnectorCall['kind'] }> = [
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'reply' },
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities$/, kind: 'send' },
  { method: 'PUT', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'update' },
  { method: 'DELETE', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'delete' },
  { method: 'POST', pattern: /^\/v3\/conversations$/, kind: 'createConversation' },
];

/** Starts the connector on loopback. */
export async function startBenchConnector(options: BenchConnectorOptions = {}): Promise<BenchConnector> {
  const calls: BenchConnectorCall[] = [];
  const counts = emptyCounts();
  let enforcing = options.enforcing ?? false;
  let nextId = 1;
  const limits = options.limits;
  const conversationWindows = new Map<string, Window>();
  const tenantWindows = new Map<string, Window>();

  /** Whether one more send fits; the answer to give when it does not. */
  const admit = (conversationId: string, tenantId: string, now: number): { status: 429; retryAfterMs: number } | undefined => {
    if (!enforcing || !limits) return undefined;
    const conversation = windowOf(conversationWindows, conversationId, 30_000);
    const tenant = windowOf(tenantWindows, tenantId, 1000);
    conversation.prune(now);
    tenant.prune(now);
    const waits: Array<[keyof ConnectorCounts['throttled'], number]> = [
      ['conversationPerSecond', conversation.waitFor(limits.perConversationPerSecond, 1000, now)],
      ['conversationPer30Seconds', conversation.waitFor(limits.perConversationPer30Seconds, 30_000, now)],
      ['tenantPerSecond', tenant.waitFor(limits.perTenantPerSecond, 1000, now)],
    ];
    const exceeded = waits.filter(([, wait]) => wait > 0);
    if (exceeded.length > 0) {
      for (const [limit] of exceeded) counts.throttled[limit] += 1;
      return { status: 429, retryAfterMs: Math.max(...exceeded.map(([, wait]) => wait)) };
    }
    conversation.add(now);
    tenant.add(now);
    return undefined;
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(path));
      if (!route) return void res.writeHead(404).end();
      const [, conversationId, activityId] = path.match(route.pattern)!;
      const text = Buffer.concat(chunks).toString('utf8');
      const call: BenchConnectorCall = {
        kind: route.kind,
        conversationId: conversationId && decodeURIComponent(conversationId),
        activityId: activityId && decodeURIComponent(activityId),
        body: text ? JSON.parse(text) : undefined,
        at: Date.now(),
      };
      if (call.kind !== 'delete') {
        const tenantId = call.body?.conversation?.tenantId ?? call.body?.channelData?.tenant?.id ?? 'default';
        const refused = admit(call.conversationId ?? '', String(tenantId), call.at);
        if (refused) {
          // Teams gives whole seconds; botbuilder retries a 429 only when it carries this header.
          res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(Math.max(1, Math.ceil(refused.retryAfterMs / 1000))) });
          return void res.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
        }
      }
      counts.accepted[call.kind] += 1;
      if (options.recordBodies) calls.push(call);
      options.onCall?.(call);
      const body = call.kind === 'createConversation' ? { id: `conv-${nextId++}`, activityId: `act-${nextId++}` } : { id: call.activityId ?? `act-${nextId++}` };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  };

  const server = await startHttpServer(handler);
  return {
    ...server,
    calls,
    counts,
    enforce(on) {
      enforcing = on;
      conversationWindows.clear();
      tenantWindows.clear();
    },
    resetCounts() {
      Object.assign(counts, emptyCounts());
      calls.length = 0;
    },
  };
}

function emptyCounts(): ConnectorCounts {
  return {
    accepted: { reply: 0, send: 0, update: 0, delete: 0, createConversation: 0 },
    throttled: { conversationPerSecond: 0, conversationPer30Seconds: 0, tenantPerSecond: 0 },
  };
}

function windowOf(windows: Map<string, Window>, key: string, spanMs: number): Window {
  let window = windows.get(key);
  if (!window) windows.set(key, (window = new Window(spanMs)));
  return window;
}

/** Accepted send times of one key within the longest window, oldest first. */
class Window {
  private times: number[] = [];
  private start = 0;

  constructor(private readonly spanMs: number) {}

  prune(now: number): void {
    while (this.start < this.times.length && this.times[this.start] <= now - this.spanMs) this.start += 1;
    if (this.start > 1024 && this.start * 2 > this.times.length) {
      this.times = this.times.slice(this.start);
      this.start = 0;
    }
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** How long until one more send fits `count` per `ms` (0: it fits now). */
  waitFor(count: number, ms: number, now: number): number {
    let inWindow = 0;
    for (let i = this.times.length - 1; i >= this.start && this.times[i] > now - ms; i -= 1) inWindow += 1;
    if (inWindow < count) return 0;
    return this.times[this.times.length - count] + ms - now;
  }
}
