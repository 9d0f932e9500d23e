/**
 * The only way the product opens a link a user gave it. Fetching a user's URL is a security
 * boundary (SSRF): see addressPolicy.ts for which addresses may be reached, and below for the limits.
 */
import dns from 'node:dns';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { PassThrough, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '../../errors';
import { checkTarget, normalizeHostList, publicOnlyLookup, type FetchTarget } from './addressPolicy';

/** A document read from the web, decoded to text. */
export interface FetchedDocument {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** The media type, lower-case, without parameters. */
  contentType: string;
  /** The body decoded to text. */
  body: string;
}

/** Limits and test hooks of a SafeFetcher; every limit has a safe default. */
export interface SafeFetcherOptions {
  /** Host names (or IP literals) that may resolve to loopback/private addresses and use any port; production leaves it empty. */
  allowPrivateHosts?: string[];
  /** Time to resolve and connect, per request. */
  connectTimeoutMs?: number;
  /** Time for the whole fetch: every redirect and the body. */
  totalTimeoutMs?: number;
  /** Largest body read, counted after decompression. */
  maxBytes?: number;
  /** Redirects followed before giving up. */
  maxRedirects?: number;
  /** Requests per minute to one host, and per caller key when one is given. */
  perHostPerMinute?: number;
  userAgent?: string;
  /** The resolver, injectable so tests can play a hostile DNS. */
  lookup?: typeof dns.lookup;
}

const DEFAULTS = {
  connectTimeoutMs: 3_000,
  totalTimeoutMs: 10_000,
  maxBytes: 3 * 1024 * 1024,
  maxRedirects: 5,
  perHostPerMinute: 60,
  userAgent: 'JobTrackerForTeams/0.1 (+job posting reader)',
};

const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/json;q=0.9,application/ld+json;q=0.9';
const ACCEPT_ENCODING = 'gzip, deflate, br';
const DOCUMENT_TYPES = new Set(['text/html', 'application/xhtml+xml', 'application/json', 'application/ld+json', 'application/xml', 'text/xml']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DNS_ERROR_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA']);
const CHARSET_SNIFF_BYTES = 4096;
const MINUTE_MS = 60_000;
/** What windows-1252 bytes 0x80-0x9F mean (WHATWG index); the five undefined bytes map to themselves. */
const WINDOWS_1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

const DECODERS: Record<string, () => Transform> = {
  identity: () => new PassThrough(),
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

interface Exchange {
  request: ClientRequest;
  response: IncomingMessage;
}

/** Fetches pages and API documents that users' links point at, refusing anything that could reach inside our network. */
export class SafeFetcher {
  private readonly limits: typeof DEFAULTS;
  private readonly allowPrivateHosts: ReadonlySet<string>;
  private readonly resolve: typeof dns.lookup;
  private readonly rateLimiter: MinuteRateLimiter;

  constructor(options: SafeFetcherOptions = {}) {
    const { allowPrivateHosts = [], lookup = dns.lookup, ...limits } = options;
    this.limits = { ...DEFAULTS, ...withoutUndefined(limits) };
    this.allowPrivateHosts = normalizeHostList(allowPrivateHosts);
    this.resolve = lookup;
    this.rateLimiter = new MinuteRateLimiter(this.limits.perHostPerMinute);
  }

  /** GETs a page or API document a user's input pointed at. `accept` defaults to HTML+JSON. */
  async fetchDocument(url: string, init: { accept?: string; key?: string } = {}): Promise<FetchedDocument> {
    const target = checkTarget(url, this.allowPrivateHosts);
    this.takeRateSlot(target.host, init.key);
    const deadline = AbortSignal.timeout(this.limits.totalTimeoutMs);
    try {
      return await this.follow(target, init.accept ?? DEFAULT_ACCEPT, deadline);
    } catch (error) {
      throw toFetchError(error, deadline);
    }
  }

  private async follow(first: FetchTarget, accept: string, deadline: AbortSignal): Promise<FetchedDocument> {
    let target = first;
    for (let redirects = 0; ; redirects += 1) {
      const { request, response } = await this.send(target, accept, deadline);
      try {
        const location = redirectLocation(response);
        if (location === undefined) return await this.readDocument(target.url, response, deadline);
        if (redirects >= this.limits.maxRedirects) {
          throw new AppError('FETCH_TOO_MANY_REDIRECTS', { details: { maxRedirects: this.limits.maxRedirects } });
        }
        // A redirect is a new link from an untrusted server: every rule applies again.
        target = checkTarget(location, this.allowPrivateHosts, target.url);
        this.takeRateSlot(target.host);
      } finally {
        // Sockets are never reused, so each hop connects, and is checked, afresh.
        request.destroy();
      }
    }
  }

  private send(target: FetchTarget, accept: string, deadline: AbortSignal): Promise<Exchange> {
    return new Promise((resolve, reject) => {
      const transport = target.url.protocol === 'https:' ? https : http;
      const request = transport.request(target.url, {
        method: 'GET',
        agent: false,
        signal: deadline,
        headers: { 'user-agent': this.limits.userAgent, accept, 'accept-encoding': ACCEPT_ENCODING },
        lookup: target.allowPrivate ? this.resolve : publicOnlyLookup(this.resolve),
      }, (response) => resolve({ request, response }));
      request.on('error', reject);
      armConnectTimeout(request, this.limits.connectTimeoutMs);
      request.end();
    });
  }

  private async readDocument(url: URL, response: IncomingMessage, deadline: AbortSignal): Promise<FetchedDocument> {
    const status = response.statusCode ?? 0;
    assertSuccess(status, url);
    const contentType = parseContentType(response.headers['content-type']);
    if (!DOCUMENT_TYPES.has(contentType.mediaType)) {
      throw new AppError('FETCH_UNSUPPORTED_CONTENT', { details: { contentType: contentType.mediaType } });
    }
    const declaredLength = Number(response.headers['content-length']);
    if (declaredLength > this.limits.maxBytes) {
      throw new AppError('FETCH_TOO_LARGE', { details: { maxBytes: this.limits.maxBytes, contentLength: declaredLength } });
    }
    const decoder = createDecoder(response.headers['content-encoding']);
    const bytes = await readCapped(response, decoder, this.limits.maxBytes, deadline);
    return { url: url.href, status, contentType: contentType.mediaType, body: decodeText(bytes, contentType) };
  }

  private takeRateSlot(host: string, key?: string): void {
    const keys = key === undefined ? [`host:${host}`] : [`host:${host}`, `key:${key}`];
    if (!this.rateLimiter.tryTake(keys)) throw new AppError('FETCH_RATE_LIMITED', { details: { host } });
  }
}

/** Counts requests per key in fixed one-minute windows. */
class MinuteRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Takes a slot for every key, or none at all when any key has used up its minute. */
  tryTake(keys: string[]): boolean {
    const now = Date.now();
    this.forgetOldWindows(now);
    const windows = keys.map((key) => this.windowFor(key, now));
    if (windows.some((window) => window.count >= this.perMinute)) return false;
    for (const window of windows) window.count += 1;
    return true;
  }

  private windowFor(key: string, now: number): { start: number; count: number } {
    const current = this.windows.get(key);
    if (current !== undefined && now - current.start < MINUTE_MS) return current;
    const fresh = { start: now, count: 0 };
    this.windows.set(key, fresh);
    return fresh;
  }

  private forgetOldWindows(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= MINUTE_MS) this.windows.delete(key);
    }
  }
}

function armConnectTimeout(request: ClientRequest, timeoutMs: number): void {
  request.once('socket', (socket) => {
    if (!socket.connecting) return;
    const timer = setTimeout(() => {
      request.destroy(new AppError('FETCH_TIMEOUT', { details: { phase: 'connect', timeoutMs } }));
    }, timeoutMs);
    const clear = (): void => clearTimeout(timer);
    socket.once('connect', clear).once('close', clear);
  });
}

function redirectLocation(response: IncomingMessage): string | undefined {
  if (!REDIRECT_STATUSES.has(response.statusCode ?? 0)) return undefined;
  return response.headers.location;
}

function assertSuccess(status: number, url: URL): void {
  if (status >= 200 && status < 300) return;
  const details = { status, host: url.hostname };
  if (status === 404 || status === 410) throw new AppError('FETCH_NOT_FOUND', { details });
  throw new AppError('FETCH_HTTP_STATUS', { details });
}

function createDecoder(contentEncoding: string | undefined): Transform {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase() || 'identity';
  const create = Object.hasOwn(DECODERS, encoding) ? DECODERS[encoding] : undefined;
  if (create === undefined) throw new AppError('FETCH_UNSUPPORTED_CONTENT', { details: { contentEncoding: encoding } });
  return create();
}

async function readCapped(response: IncomingMessage, decoder: Transform, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const reading = pipeline(response, decoder, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      total += chunk.length;
      // Stop at the first byte past the cap: pipeline then destroys the decoder and the socket,
      // so the rest is never read and a compression bomb cannot fill memory.
      if (total > maxBytes) break;
      chunks.push(chunk);
    }
  }, { signal });
  // Stopping early makes pipeline report the destroy it caused; the cap is the real reason.
  await reading.catch((error: unknown) => {
    if (total <= maxBytes) throw error;
  });
  if (total > maxBytes) throw new AppError('FETCH_TOO_LARGE', { details: { maxBytes } });
  return Buffer.concat(chunks, total);
}

function parseContentType(header: string | undefined): { mediaType: string; charset?: string } {
  const [mediaType = '', ...parameters] = (header ?? '').split(';');
  const charset = parameters
    .map((parameter) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  return { mediaType: mediaType.trim().toLowerCase(), charset };
}

function decodeText(bytes: Buffer, contentType: { mediaType: string; charset?: string }): string {
  const candidates = [bomEncoding(bytes), contentType.charset, sniffEncoding(bytes, contentType.mediaType)];
  const encoding = candidates.map(knownEncoding).find((known) => known !== undefined) ?? 'utf-8';
  const text = new TextDecoder(encoding).decode(bytes);
  return encoding === 'windows-1252' ? repairWindows1252(text) : text;
}

/**
 * Node 20.18.3+ decodes windows-1252 as ISO-8859-1 (nodejs/node#60888), turning €, smart quotes and
 * dashes into control characters. Mapping 0x80-0x9F by the WHATWG table is correct with or without the bug.
 */
function repairWindows1252(text: string): string {
  return text.replace(/[\x80-\x9f]/g, (control) => WINDOWS_1252_C1[control.charCodeAt(0) - 0x80]);
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function sniffEncoding(bytes: Buffer, mediaType: string): string | undefined {
  if (mediaType.endsWith('json')) return undefined;
  const head = bytes.subarray(0, CHARSET_SNIFF_BYTES).toString('latin1');
  const declared = mediaType.endsWith('xml')
    ? /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]
    : /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([^\s"';>/]+)/i.exec(head)?.[1];
  // WHATWG: a document that could declare itself in ASCII is not UTF-16, whatever it says.
  return declared !== undefined && /^utf-?16/i.test(declared) ? 'utf-8' : declared;
}

function knownEncoding(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_ENCODING_NOT_SUPPORTED') return undefined;
    throw error;
  }
}

function toFetchError(error: unknown, deadline: AbortSignal): AppError {
  if (error instanceof AppError) return error;
  if (deadline.aborted) return new AppError('FETCH_TIMEOUT', { cause: error, details: { phase: 'total' } });
  const reason = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
  if (DNS_ERROR_CODES.has(reason)) return new AppError('FETCH_DNS', { cause: error, details: { reason } });
  return new AppError('FETCH_NETWORK', { cause: error, details: { reason } });
}

function withoutUndefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
