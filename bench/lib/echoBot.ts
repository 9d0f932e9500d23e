/**
 * The baseline every bot benchmark is compared with: a bare echo bot on the product's own plumbing.
 * The adapter comes from the product's `createAdapter` (botbuilder CloudAdapter, local mode: no
 * credentials) and the HTTP server is the product's `startHttpServer`; only the bot is replaced by a
 * minimal ActivityHandler that replies with the text it got. No database, no scheduler.
 */
import { ActivityHandler, type Activity } from 'botbuilder';
import { createAdapter } from '../../src/bot/adapter';
import { loadConfig } from '../../src/config';
import { startHttpServer, type RunningServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';

/** A minimal bot: every message is answered with its own text. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({ type: 'message', text: context.activity.text ?? '' });
      await next();
    });
  }
}

/** Starts the echo bot on loopback (port 0 picks a free one). */
export async function startEchoBot(port = 0): Promise<RunningServer> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: String(port) });
  const adapter = createAdapter(config);
  const bot = new EchoBot();
  return startHttpServer(
    {
      handleActivity: (authorization, activity) => adapter.handleActivity(authorization, activity as Activity, (context) => bot.run(context)),
      health: async () => ({ database: 'up', scheduler: 'disabled' }),
      log: createLogger('silent'),
    },
    config.http.host,
    config.http.port,
  );
}
