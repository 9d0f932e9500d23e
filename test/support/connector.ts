import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './httpServer';

/** One call the bot made to the Bot Connector service. */
export interface ConnectorCall {
  kind: 'reply' | 'send' | 'update' | 'delete' | 'createConversation';
  conversationId?: string;
  activityId?: string;
  body: any;
  at: number;
}

/** Decides the HTTP answer for a call (sent after `delayMs`, when given); the default answers 200 at once with a new id. */
export type ConnectorResponder = (call: ConnectorCall) => { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number } | undefined;

/** A local Bot Connector service that records what the bot sends (the `serviceUrl` of test activities). */
export interface TestConnector extends TestHttpServer {
  calls: ConnectorCall[];
  /** Activities the bot sent or replied with (not updates), in order. */
  sent(): any[];
  /** Waits until `count` activities matching `predicate` were sent. */
  waitForSent(predicate: (activity: any) => boolean, count?: number, timeoutMs?: number): Promise<any[]>;
  respondWith(responder: ConnectorResponder | undefined): void;
  reset(): void;
}

const ROUTES: Array<{ method: string; pattern: RegExp; kind: ConnectorCall['kind'] }> = [
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'reply' },
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities$/, kind: 'send' },
  { method: 'PUT', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'update' },
  { method: 'DELETE', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'delete' },
  { method: 'POST', pattern: /^\/v3\/conversations$/, kind: 'createConversation' },
];

/** Starts the connector on loopback. */
export async function startConnector(): Promise<TestConnector> {
  const calls: ConnectorCall[] = [];
  let responder: ConnectorResponder | undefined;
  let nextId = 1;
  const waiters = new Set<() => void>();

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(path));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const [, conversationId, activityId] = path.match(route.pattern)!;
      const text = Buffer.concat(chunks).toString('utf8');
      const call: ConnectorCall = {
        kind: route.kind,
        conversationId: conversationId && decodeURIComponent(conversationId),
        activityId: activityId && decodeURIComponent(activityId),
        body: text ? JSON.parse(text) : undefined,
        at: Date.now(),
      };
      const answer = responder?.(call) ?? { status: 200, body: defaultBody(call) };
      if (answer.status < 300) calls.push(call);
      const respond = () => {
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      };
      if (answer.delayMs) setTimeout(respond, answer.delayMs).unref();
      else respond();
      for (const wake of waiters) wake();
    });
  };
  const defaultBody = (call: ConnectorCall) =>
    call.kind === 'createConversation' ? { id: `conv-${nextId++}`, activityId: `act-${nextId++}` } : { id: call.activityId ?? `act-${nextId++}` };

  const server = await startHttpServer(handler);
  const sent = () => calls.filter((c) => c.kind === 'reply' || c.kind === 'send').map((c) => c.body);
  return {
    ...server,
    calls,
    sent,
    respondWith(next) {
      responder = next;
    },
    reset() {
      calls.length = 0;
      responder = undefined;
    },
    waitForSent(predicate, count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = sent().filter(predicate);
          if (matching.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(matching);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`connector: expected ${count} matching activities within ${timeoutMs} ms, saw ${sent().filter(predicate).length} (of ${sent().length} sent)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
