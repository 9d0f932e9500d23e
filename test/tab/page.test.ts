import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createLogger } from '../../src/logger';
import { buildTabAssets, projectRoot, TAB_BUILD_DIR } from '../../src/tab/bundle';
import { TabPage } from '../../src/tab/page';
import { startHttpServer, type TestHttpServer } from '../support/httpServer';

describe('the tab page: its bundle and how production serves it', () => {
  const root = projectRoot();
  const log = createLogger('silent');
  let deployed: string;
  const servers: TestHttpServer[] = [];

  beforeAll(() => {
    deployed = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-page-'));
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    fs.rmSync(deployed, { recursive: true, force: true });
  });

  const serve = async (page: TabPage) => {
    const server = await startHttpServer((req, res) => void page.handle(req, res));
    servers.push(server);
    return server;
  };

  test('when the page is built, then script, stylesheet and HTML together stay under 150 KB gzipped', async () => {
    const assets = await buildTabAssets(root);

    const gzipped = [...assets.values()].reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
    expect([...assets.keys()].sort()).toEqual(['app.css', 'app.js', 'index.html']);
    expect(gzipped).toBeLessThan(150 * 1024);
    expect(assets.get('app.js')!.toString()).toContain('No Parent window found'); // teams-js is in the bundle, not fetched
  });

  test('when production has no built page, then /tab answers 503 with the catalogue code instead of building one', async () => {
    const server = await serve(new TabPage({ mode: 'production', root: deployed, log }));

    const response = await fetch(`${server.url}/tab`);

    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('TAB_NOT_BUILT');
  });

  test('when production serves what npm run build:tab wrote, then the page says production mode and only Teams may frame it', async () => {
    await buildTabAssets(root, { outdir: path.join(deployed, TAB_BUILD_DIR) });
    const server = await serve(new TabPage({ mode: 'production', root: deployed, log }));

    const html = await fetch(`${server.url}/tab`);
    const script = await fetch(`${server.url}/tab/app.js`);
    const missing = await fetch(`${server.url}/tab/../package.json`);

    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<body data-mode="production">');
    const csp = html.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com /);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(missing.status).toBe(404);
  });
});
