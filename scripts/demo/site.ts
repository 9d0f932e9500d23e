import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/** The demo site: job pages served on this machine, so the Playground can be tried without the internet. */
export interface DemoSite {
  url: string;
  /** Links worth pasting. */
  examples: string[];
  close(): Promise<void>;
}

const PAGES = path.resolve(__dirname, 'pages');

/** Serves `scripts/demo/pages/*.html` at `http://127.0.0.1:<port>/jobs/<name>` (the port is FETCH_ALLOW_PRIVATE_HOSTS-allowed). */
export async function startDemoSite(port = 3979): Promise<DemoSite> {
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '').match(/^\/jobs\/([\w-]+)$/)?.[1];
    const file = name && path.join(PAGES, `${name}.html`);
    if (!file || !fs.existsSync(file)) return void res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const examples = fs.readdirSync(PAGES).filter((f) => f.endsWith('.html')).map((f) => `${url}/jobs/${f.replace(/\.html$/, '')}`);
  return {
    url,
    examples,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
