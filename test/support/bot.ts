import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp, type RunningApp } from '../../src/main';
import { cardAction, personalMessage, testUser, type TestUser } from './activities';
import { startConnector, type TestConnector } from './connector';
import { createTestDatabase, type TestDatabase } from './database';

/** The whole product on loopback: real HTTP, the real adapter, its own database, a recording connector. */
export interface TestBot {
  app: RunningApp;
  connector: TestConnector;
  database: TestDatabase;
  /** POSTs an activity to /api/messages and returns the HTTP answer. */
  post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Sends a personal-chat message from `user` and returns the activities the bot sent in answer. */
  say(user: TestUser, text: string): Promise<any[]>;
  /** Clicks an `Action.Execute` button and returns the card the bot answered with (it replaces the clicked one). */
  click(user: TestUser, verb: string, data: Record<string, unknown>, options?: { group?: boolean; id?: string; replyToId?: string }): Promise<any>;
  dispose(): Promise<void>;
}

/** Starts the product as `npm start` would, with settings a test may override. */
export async function startTestBot(env: Record<string, string> = {}): Promise<TestBot> {
  const database = await createTestDatabase();
  const connector = await startConnector();
  const config = loadConfig({
    MONGODB_URI: database.uri,
    MONGODB_DB: database.name,
    PORT: '0',
    FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    FETCH_TIMEOUT_MS: '2000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const log = createLogger(config.logLevel);
  const app = await startApp(config, { log });

  const post = async (activity: object, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text; // not JSON: keep the text for the assertion message
    }
    return { status: response.status, body };
  };

  return {
    app,
    connector,
    database,
    post,
    async say(user, text) {
      const before = connector.sent().length;
      const { status } = await post(personalMessage(connector.url, user, text));
      if (status !== 200) throw new Error(`POST /api/messages answered ${status}`);
      return connector.sent().slice(before).filter((a) => a.type === 'message');
    },
    async click(user, verb, data, options = {}) {
      const { status, body } = await post(cardAction(connector.url, user, verb, data, options));
      if (status !== 200 || body?.statusCode !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive') {
        throw new Error(`invoke answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
      }
      return body.value;
    },
    async dispose() {
      await app.stop();
      await connector.close();
      await database.dispose();
    },
  };
}

export { testUser };
export { cardOf, cardText } from './cards';
