import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, handleError, type ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { TabErrorBody } from './tabApi';

/** Largest JSON body the tab's API reads: a note is at most 2,000 characters. */
export const MAX_TAB_BODY_BYTES = 16 * 1024;

/** The HTTP status of each code the tab's API answers with; anything else is a 400 (the caller's input). */
const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  TAB_UNAUTHORIZED: 401,
  EXPORT_LINK_INVALID: 401,
  JOB_NOT_FOUND: 404,
  NOTE_NOT_FOUND: 404,
  TAB_BODY_TOO_LARGE: 413,
  TAB_NOT_BUILT: 503,
  EXPORT_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Sends a JSON answer that no cache keeps. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(value));
}

/** Answers with the error's code and user message; unexpected errors are logged once, through handleError. */
export function sendError(res: ServerResponse, error: unknown, log: Logger, ids: Record<string, unknown> = {}): void {
  let appError: AppError;
  if (error instanceof AppError && error.code !== 'INTERNAL' && error.code !== 'DATABASE_UNAVAILABLE') {
    appError = error;
    log.info({ ...ids, code: error.code, reason: error.details.reason }, 'tab request refused');
  } else {
    appError = handleError(error, log, ids);
  }
  const body: TabErrorBody = { error: { code: appError.code, message: appError.userMessage } };
  if (res.headersSent) return void res.end();
  if (appError.code === 'TAB_BODY_TOO_LARGE') res.setHeader('Connection', 'close');
  sendJson(res, STATUS_OF[appError.code] ?? 400, body);
}

/**
 * Reads a JSON object body of at most MAX_TAB_BODY_BYTES. Only `application/json` is read: a browser sends that
 * cross-site only after a CORS preflight, which this server never grants.
 */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new AppError('TAB_BAD_REQUEST', { details: { reason: 'content type' } });
  if (Number(req.headers['content-length'] ?? 0) > MAX_TAB_BODY_BYTES) {
    req.resume();
    throw new AppError('TAB_BODY_TOO_LARGE');
  }
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_TAB_BODY_BYTES) return void chunks.push(chunk);
      // Stop keeping it but let it drain, so the 413 can still be sent (the connection is closed after it).
      req.off('data', onData);
      req.resume();
      reject(new AppError('TAB_BODY_TOO_LARGE'));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', (error) => reject(new AppError('TAB_BAD_REQUEST', { cause: error, details: { reason: 'aborted' } })));
  });
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new AppError('TAB_BAD_REQUEST', { cause: error, details: { reason: 'not JSON' } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('TAB_BAD_REQUEST', { details: { reason: 'not an object' } });
  return value as Record<string, unknown>;
}
