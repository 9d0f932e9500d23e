import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer } from '../../support/httpServer';
import { sleep } from './botProcess';

/** One request a bot made to the Bot Connector service, whatever the answer was. */
export interface ConnectorRequest {
  /**
   * `reply`: POST …/activities/{replyToId}; `send`: POST …/activities. botbuilder posts a proactive message
   * as a reply to its continuation activity's (random) id, so tell reminders by `reminderId` instead.
   */
  kind: 'reply' | 'send' | 'update' | 'other';
  conversationId: string;
  /** The activity a reply answers (the inbound activity's id). */
  replyToId?: string;
  /** The reminder a proactive reminder card is about (`"reminderId":"r…"` in a card with the Done button). */
  reminderId?: string;
  body: any;
  /** When the request had fully arrived. */
  at: number;
  /** What the connector answered. */
  status: number;
}

/** The connector's answer to one request; `undefined` from a policy means "accept". */
export interface ConnectorAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Answer this much later (a slow Teams): the request counts as arrived, and accepted, at once. */
  delayMs?: number;
}

/** Decides the answer to a request: throttling, gateway errors, or acceptance. */
export type ConnectorPolicy = (request: ConnectorRequest) => ConnectorAnswer | undefined;

/**
 * A local Bot Connector that records every request with its arrival time and its answer, and knows
 * which reminders it accepted and when. Its answers can be scripted (429 with or without Retry-After,
 * 502) to play a throttling Teams.
 */
export interface ChaosConnector {
  url: string;
  requests: ConnectorRequest[];
  /** Accepted proactive messages per reminder id: arrival times, one per delivery. */
  deliveries: Map<string, number[]>;
  /** How many proactive reminder messages were accepted. */
  acceptedReminderCount(): number;
  /** Accepted messages that answered one inbound activity. */
  repliesTo(activityId: string): any[];
  setPolicy(policy: ConnectorPolicy | undefined): void;
  close(): Promise<void>;
}

const ROUTES: Array<{ method: string; pattern: RegExp; kind: ConnectorRequest['kind'] }> = [
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'reply' },
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities$/, kind: 'send' },
  { method: 'PUT', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, kind: 'update' },
];

const REMINDER_ID = /"reminderId":"(r[a-f0-9]+)"/;
/** Only the card the bot sends when a reminder is due has Done (the reminder list has Cancel). */
const REMINDER_CARD = '"verb":"reminder.done"';

/** Starts the connector on loopback. */
export async function startChaosConnector(): Promise<ChaosConnector> {
  const requests: ConnectorRequest[] = [];
  const deliveries = new Map<string, number[]>();
  const replies = new Map<string, any[]>();
  let accepted = 0;
  let policy: ConnectorPolicy | undefined;
  let nextId = 1;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('error', () => undefined); // a bot killed mid-request: nothing arrived
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(path));
      const match = route ? path.match(route.pattern)! : undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const kind = route?.kind ?? 'other';
      const request: ConnectorRequest = {
        kind,
        conversationId: match ? decodeURIComponent(match[1]) : '',
        replyToId: kind === 'reply' && match ? decodeURIComponent(match[2]) : undefined,
        reminderId: (kind === 'send' || kind === 'reply') && text.includes(REMINDER_CARD) ? text.match(REMINDER_ID)?.[1] : undefined,
        body,
        at: Date.now(),
        status: 200,
      };
      const answer = route ? (policy?.(request) ?? { status: 200 }) : { status: 404 };
      request.status = answer.status;
      requests.push(request);
      if (answer.status < 300) {
        if (request.reminderId) {
          accepted += 1;
          const times = deliveries.get(request.reminderId) ?? [];
          times.push(request.at);
          deliveries.set(request.reminderId, times);
        }
        if (request.replyToId) {
          const list = replies.get(request.replyToId) ?? [];
          list.push(body);
          replies.set(request.replyToId, list);
        }
      }
      const responseBody = answer.status < 300 ? { id: `act-${nextId++}` } : { error: { code: answer.status === 429 ? 'Throttled' : 'BadGateway', message: 'chaos connector' } };
      res.on('error', () => undefined);
      const respond = () => {
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(responseBody));
      };
      if (answer.delayMs) setTimeout(respond, answer.delayMs);
      else respond();
    });
  };

  const server = await startHttpServer(handler);
  return {
    url: server.url,
    requests,
    deliveries,
    acceptedReminderCount: () => accepted,
    repliesTo: (activityId) => replies.get(activityId) ?? [],
    setPolicy(next) {
      policy = next;
    },
    close: () => server.close(),
  };
}

/** Polls `condition` every 25 ms until it holds; throws with `describe()` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(25);
  }
}

/** Like `waitUntil`, but answers whether the condition came true in time instead of throwing. */
export function eventually(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  return waitUntil(condition, timeoutMs, () => '').then(
    () => true,
    () => false,
  );
}
