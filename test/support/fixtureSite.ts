import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './httpServer';

/** Where job-page fixtures live. */
export const FIXTURES = path.resolve(__dirname, '../fixtures');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

/** The facts of a generated job page (`/generated/<anything>?title=…`). */
export interface GeneratedJob {
  title: string;
  company?: string;
  city?: string;
  remote?: boolean;
  salaryMin?: number;
  salaryMax?: number;
  currency?: string;
  unit?: 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
  datePosted?: string;
  validThrough?: string;
}

/** The path of a generated page with JobPosting JSON-LD for these facts; `slug` makes the URL (and so the posting) distinct. */
export function generatedJobPath(slug: string, job: GeneratedJob): string {
  const params = new URLSearchParams(Object.entries(job).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return `/generated/${encodeURIComponent(slug)}?${params}`;
}

function generatedJobPage(params: URLSearchParams): string {
  const get = (name: string) => params.get(name) ?? undefined;
  const posting: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: get('title'),
    description: `<p>${get('title')} at ${get('company') ?? 'a company'}.</p><h3>Requirements</h3><ul><li>3+ years of TypeScript</li></ul>`,
    datePosted: get('datePosted') ?? '2026-11-01',
    validThrough: get('validThrough'),
    hiringOrganization: get('company') ? { '@type': 'Organization', name: get('company') } : undefined,
    jobLocation: get('city') ? { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: get('city') } } : undefined,
    jobLocationType: get('remote') === 'true' ? 'TELECOMMUTE' : undefined,
    baseSalary: get('salaryMin')
      ? { '@type': 'MonetaryAmount', currency: get('currency') ?? 'USD', value: { '@type': 'QuantitativeValue', minValue: Number(get('salaryMin')), maxValue: Number(get('salaryMax') ?? get('salaryMin')), unitText: get('unit') ?? 'YEAR' } }
      : undefined,
  };
  const json = JSON.stringify(posting).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(get('title') ?? '')}</title><script type="application/ld+json">${json}</script></head><body><h1>${escapeHtml(get('title') ?? '')}</h1></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A local job site: `/pages/<file>` and `/postings/<file>` from the fixtures, `/status/<code>`, `/hang`, plus custom routes. */
export interface FixtureSite extends TestHttpServer {
  /** Paths requested so far. */
  requests: string[];
  /** Adds or replaces a route for an exact path. */
  route(pathname: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
}

/** Starts the fixture site on loopback. */
export async function startFixtureSite(): Promise<FixtureSite> {
  const requests: string[] = [];
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const hanging = new Set<ServerResponse>();
  const server = await startHttpServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    requests.push(pathname);
    const custom = routes.get(pathname);
    if (custom) return custom(req, res);
    const status = pathname.match(/^\/status\/(\d{3})$/);
    if (status) return void res.writeHead(Number(status[1]), { 'Content-Type': 'text/html' }).end('<h1>status</h1>');
    if (pathname.startsWith('/generated/')) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(generatedJobPage(new URL(req.url ?? '/', 'http://x').searchParams));
    if (pathname === '/hang') return void hanging.add(res); // never answers: the fetcher's time-out must end it
    const file = pathname.match(/^\/(pages|postings)\/([\w.-]+)$/);
    if (file) {
      const full = path.join(FIXTURES, file[1], file[2]);
      if (fs.existsSync(full)) {
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(full)] ?? 'application/octet-stream' });
        return void res.end(fs.readFileSync(full));
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>');
  });
  return {
    ...server,
    requests,
    route(pathname, handler) {
      routes.set(pathname, handler);
    },
    async close() {
      for (const res of hanging) res.destroy();
      await server.close();
    },
  };
}
