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
