import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './httpServer';

/** One request the server received, as the client sent it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: ChatRequestBody;
  /** The Azure deployment named in the path, for the Azure route. */
  deployment?: string;
}

/** The parts of a chat completions request the tests look at. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  [key: string]: unknown;
}

/** How the server answers one request. */
export type ScriptedReply =
  /** A completion whose message content is this value as JSON. */
  | { answer: unknown }
  /** A completion whose message content is this text verbatim (e.g. not JSON). */
  | { content: string; finishReason?: string }
  /** An HTTP error, with an OpenAI-style error body. */
  | { status: number; headers?: Record<string, string> }
  /** A 200 whose body is not JSON at all. */
  | { rawBody: string }
  /** The reply `then`, after a delay (for timeouts). */
  | { delayMs: number; then: ScriptedReply };

/** A local OpenAI-compatible server: the OpenAI route and the Azure route, scripted replies, every request recorded. */
export interface OpenAiTestServer {
  /** `http://127.0.0.1:<port>`: the Azure endpoint. */
  url: string;
  /** `<url>/v1`: the base URL of the OpenAI and compatible shapes. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies for the next requests in order; when they run out, `defaultReply` answers. */
  script(...replies: ScriptedReply[]): void;
  /** Forgets recorded requests and scripted replies. */
  reset(): void;
  close(): Promise<void>;
}

const AZURE_ROUTE = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

/** Starts the server on 127.0.0.1; `defaultReply` answers whenever nothing is scripted. */
export async function startOpenAiServer(defaultReply: ScriptedReply): Promise<OpenAiTestServer> {
  const requests: RecordedRequest[] = [];
  let queue: ScriptedReply[] = [];
  let served = 0;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const azure = AZURE_ROUTE.exec(url.pathname);
      if (req.method !== 'POST' || (url.pathname !== '/v1/chat/completions' && !azure)) {
        sendJson(res, 404, { error: { message: `no route for ${req.method} ${url.pathname}`, type: 'invalid_request_error', code: 'not_found' } });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
      requests.push({
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        ...(azure ? { deployment: decodeURIComponent(azure[1]) } : {}),
      });
      served += 1;
      reply(res, queue.shift() ?? defaultReply, body, served);
    });
  };

  const server: TestHttpServer = await startHttpServer(handler);
  return {
    url: server.url,
    baseURL: `${server.url}/v1`,
    requests,
    script: (...replies) => {
      queue = [...queue, ...replies];
    },
    reset: () => {
      requests.length = 0;
      queue = [];
    },
    close: () => server.close(),
  };
}

function reply(res: ServerResponse, scripted: ScriptedReply, body: ChatRequestBody, n: number): void {
  if ('delayMs' in scripted) {
    const timer = setTimeout(() => reply(res, scripted.then, body, n), scripted.delayMs);
    // The client gave up: nothing is left to answer, and no timer may outlive the test.
    res.on('close', () => clearTimeout(timer));
    return;
  }
  if ('status' in scripted) {
    // Retries in tests should not wait the client's default back-off.
    sendJson(res, scripted.status, { error: { message: `scripted ${scripted.status}`, type: 'server_error', code: null } }, { 'retry-after-ms': '20', ...scripted.headers });
    return;
  }
  if ('rawBody' in scripted) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(scripted.rawBody);
    return;
  }
  const content = 'answer' in scripted ? JSON.stringify(scripted.answer) : scripted.content;
  const finishReason = 'content' in scripted ? (scripted.finishReason ?? 'stop') : 'stop';
  sendJson(res, 200, {
    id: `chatcmpl-test-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}
