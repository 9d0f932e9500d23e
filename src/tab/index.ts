import type { Config } from '../config';
import type { Route } from '../http/server';
import type { Logger } from '../logger';
import type { UserRepository } from '../profile/user';
import type { SummaryService } from '../summary';
import type { CollectionSource } from '../tracking/export';
import type { TrackingService } from '../tracking/trackingService';
import { TabApi } from './api';
import { projectRoot } from './bundle';
import { exportLinkMaker, exportLinkMiddleware } from './exportCommand';
import { ExportLinks } from './exportLinks';
import { TabPage } from './page';
import { SsoTokenVerifier } from './ssoTokens';
import { TabAuthenticator } from './tabAuth';

/** The dashboard tab: its page, its JSON API and the CSV export, wired from the domain services main.ts made. */
export interface TabDeps {
  config: Pick<Config, 'mode' | 'tab'>;
  tracking: TrackingService;
  /** The repositories the whole collection is read from (for the table and the export). */
  collection: CollectionSource;
  users: Pick<UserRepository, 'find'>;
  summaries: Pick<SummaryService, 'peek'>;
  /** The bot's adapter: the export link maker is put into each turn for the `export` command. */
  adapter?: { use(handler: ReturnType<typeof exportLinkMiddleware>): unknown };
  /** The server's own address (local mode's links point at it); only read once the server listens. */
  serverUrl: () => string;
  log: Logger;
}

/** Builds the tab's routes: `/tab` (the page) and `/api/tab/...` (its API and the CSV download). */
export function createTab(deps: TabDeps): { routes: Record<string, Route> } {
  const { config, log } = deps;
  const production = config.mode === 'production';
  // Production signs with the configured key (links work across instances and restarts); local mode may use a random one.
  const exportLinks = config.tab.exportSigningKey || !production ? new ExportLinks({ key: config.tab.exportSigningKey }) : undefined;
  if (production && !exportLinks) log.warn('EXPORT_SIGNING_KEY is not set: CSV export is off');
  if (production && config.tab.sso.audiences.length === 0) log.warn('TAB_SSO_AUDIENCE / AAD_APP_CLIENT_ID are not set: the tab refuses every sign-in');

  const verifier = new SsoTokenVerifier(config.tab.sso);
  const api = new TabApi({
    tracking: deps.tracking,
    collection: deps.collection,
    users: deps.users,
    summaries: deps.summaries,
    auth: new TabAuthenticator({ verify: (token) => verifier.verify(token), devUserKey: config.tab.devUserKey }),
    exportLinks,
    log,
  });
  const page = new TabPage({ mode: config.mode, root: projectRoot(), log });
  deps.adapter?.use(exportLinkMiddleware(exportLinkMaker(exportLinks, () => config.tab.publicUrl ?? (production ? undefined : deps.serverUrl()))));

  const handleApi: Route = (req, res) => api.handle(req, res);
  const handlePage: Route = (req, res) => page.handle(req, res);
  return {
    routes: {
      'GET /tab': handlePage,
      'GET /tab/*': handlePage,
      'GET /api/tab/*': handleApi,
      'POST /api/tab/*': handleApi,
      'DELETE /api/tab/*': handleApi,
    },
  };
}
