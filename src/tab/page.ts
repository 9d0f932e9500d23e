import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { buildTabAssets, readBuiltTabAssets, TAB_BUILD_DIR, type TabAssets } from './bundle';
import { sendError } from './http';

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** Where Teams (web, desktop, mobile) and the Microsoft 365 hosts frame a tab from. */
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us',
  'https://teams.live.com',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.skype.com',
].join(' ');

/** teams-js reads the list of valid Teams origins from here (it falls back to a built-in list when it cannot). */
const TEAMS_JS_ORIGINS_LIST = 'https://res.cdn.office.net';

/** Everything the page loads comes from this server; only Teams may frame it. */
const CONTENT_SECURITY_POLICY = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${TEAMS_JS_ORIGINS_LIST}; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors ${FRAME_ANCESTORS}`;

/** Serves the dashboard page at `/tab` (with `/tab/app.js` and `/tab/app.css`). */
export class TabPage {
  private assets?: Promise<TabAssets>;

  constructor(private readonly options: { mode: 'local' | 'production'; root: string; log: Logger }) {}

  /** Handles `GET /tab` and `GET /tab/*`. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0];
    const name = pathname === '/tab' || pathname === '/tab/' || pathname === '/tab/index.html' ? 'index.html' : pathname.slice('/tab/'.length);
    if (!(name in TYPES)) return void res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    let assets: TabAssets;
    try {
      assets = await this.load();
    } catch (error) {
      return sendError(res, error, this.options.log, { path: pathname });
    }
    let body = assets.get(name)!;
    // The page learns the mode from the server: only local mode may fall back to the development identity.
    if (name === 'index.html') body = Buffer.from(body.toString('utf8').replace('%APP_MODE%', this.options.mode));
    res.writeHead(200, {
      'Content-Type': TYPES[name],
      'Content-Length': body.length,
      'Cache-Control': this.options.mode === 'local' || name === 'index.html' ? 'no-cache' : 'public, max-age=300',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(body);
  }

  /** Local mode builds the page from its sources on first use; production serves what `npm run build:tab` wrote. */
  private load(): Promise<TabAssets> {
    if (!this.assets) {
      const { mode, root, log } = this.options;
      const built = path.join(root, TAB_BUILD_DIR);
      this.assets =
        mode === 'local'
          ? buildTabAssets(root).then((assets) => {
              log.info({ bytes: assets.get('app.js')?.length }, 'tab page built from web/tab');
              return assets;
            })
          : Promise.resolve().then(() => {
              const assets = readBuiltTabAssets(built);
              if (!assets) throw new AppError('TAB_NOT_BUILT', { details: { reason: `no page in ${built}: run npm run build:tab` } });
              return assets;
            });
      // A failed build or a page not yet built is tried again on the next request.
      this.assets.catch(() => (this.assets = undefined));
    }
    return this.assets;
  }
}
