import { personalMessage } from '../support/activities';
import { startTestBot, testUser, type TestBot } from '../support/bot';

/** A JWT-shaped token signed by nobody Teams trusts. */
function forgedToken(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'forged' })}.${encode(claims)}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

describe('production mode authenticates every request to /api/messages', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({
      APP_MODE: 'production',
      HOST: '127.0.0.1',
      BOT_ID: '00000000-0000-0000-0000-00000000b075',
      BOT_PASSWORD: 'test-secret',
      BOT_TENANT_ID: '00000000-0000-0000-0000-0000000000aa',
      FETCH_ALLOW_PRIVATE_HOSTS: '',
    });
  });
  afterAll(async () => bot?.dispose());

  test('when an activity arrives without a token, then it is refused with 401 and nothing is stored or sent', async () => {
    const response = await bot.post(personalMessage(bot.connector.url, testUser(), 'help'));

    expect(response.status).toBe(401);
    expect(await bot.database.db.collection('users').countDocuments()).toBe(0);
    expect(bot.connector.calls).toHaveLength(0);
  });

  test('when an activity carries a forged token, then it is refused with 401 and nothing is stored or sent', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = forgedToken({ iss: 'https://api.botframework.com', aud: '00000000-0000-0000-0000-00000000b075', exp: now + 600, nbf: now - 60 });

    const response = await bot.post(personalMessage(bot.connector.url, testUser(), 'help'), { Authorization: `Bearer ${token}` });

    expect(response.status).toBe(401);
    expect(await bot.database.db.collection('users').countDocuments()).toBe(0);
    expect(bot.connector.calls).toHaveLength(0);
  });
});
