import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import { isTrackingParam } from './trackingParams';

/**
 * The one spelling of a job URL: lower-case host, no fragment, no default port, no tracking
 * parameters, remaining parameters sorted, no trailing slash. Two links to the same job meet here.
 */
export function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (error) {
    throw new AppError('BAD_URL', { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('UNSUPPORTED_SCHEME', { details: { scheme: url.protocol } });
  url.hash = '';
  const kept = [...url.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString(); // WHATWG URL already lower-cases the host and drops default ports
}

/** A stable id for a string (a canonical URL, a pasted text): 32 hex characters of SHA-256. */
export function contentId(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}
