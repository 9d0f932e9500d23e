import { personalMessage } from '../support/activities';
import { startTestBot, testUser, type TestBot } from '../support/bot';
import { startTokenIssuer, type TestTokenIssuer } from '../support/tokenIssuer';

const BOT_ID = '00000000-0000-0000-0000-00000000b075';
const ISSUER = 'https://api.botframework.com';

describe('production mode authenticates every request to /api/messages', () => {
  let bot: TestBot;
  let issuer: TestTokenIssuer;

  beforeAll(async () => {
    // The Bot Framework's signing keys, published locally: tests cannot reach Microsoft's.
    issuer = await startTokenIssuer({ issuer: ISSUER, endorsements: ['msteams'] });
    bot = await startTestBot({
      APP_MODE: 'production',
      HOST: '127.0.0.1',
      BOT_ID,
      BOT_PASSWORD: 'test-secret',
      BOT_TENANT_ID: '00000000-0000-0000-0000-0000000000aa',
      BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      FETCH_ALLOW_PRIVATE_HOSTS: '',
    });
  });
  afterAll(async () => {
    await bot?.dispose();
    await issuer?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: BOT_ID,
    nbf: now() - 60,
    exp: now() + 600,
    serviceurl: bot.connector.url,
    ...overrides,
  });
  const storedUsers = () => bot.database.db.collection('users').countDocuments();

  const refused: Array<[string, (activityServiceUrl: string) => Record<string, string>]> = [
    ['no token', () => ({})],
    ['a token signed by an unknown key', () => ({ Authorization: `Bearer ${issuer.sign(claims(), { key: issuer.strangerKey })}` })],
    ['an expired token', () => ({ Authorization: `Bearer ${issuer.sign(claims({ nbf: now() - 7200, exp: now() - 3600 }))}` })],
    ['a token for another bot (wrong audience)', () => ({ Authorization: `Bearer ${issuer.sign(claims({ aud: 'someone-else' }))}` })],
    ['a token from another issuer', () => ({ Authorization: `Bearer ${issuer.sign(claims({ iss: 'https://evil.example' }))}` })],
    ['a token with no signature', () => ({ Authorization: `Bearer ${issuer.sign(claims()).split('.').slice(0, 2).join('.')}.` })],
    ['a Basic header', () => ({ Authorization: 'Basic dXNlcjpwYXNz' })],
  ];

  test.each(refused)('when an activity arrives with %s, then it is refused with 401 and nothing is stored or sent', async (_name, headers) => {
    const response = await bot.post(personalMessage(bot.connector.url, testUser(), 'help'), headers(bot.connector.url));

    expect(response.status).toBe(401);
    expect(await storedUsers()).toBe(0);
    expect(bot.connector.calls).toHaveLength(0);
  });

  test('when an activity carries a token signed by the published key for this bot, then the turn runs', async () => {
    const response = await bot.post(personalMessage(bot.connector.url, testUser(), 'help'), { Authorization: `Bearer ${issuer.sign(claims())}` });

    expect(response.status).toBe(200);
    expect(await storedUsers()).toBe(1); // the turn ran (its reply cannot get an outbound token offline, which is not what this tests)
  });
});
