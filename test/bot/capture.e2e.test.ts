import { groupMessage } from '../support/activities';
import { cardOf, cardText, startTestBot, testUser, type TestBot } from '../support/bot';
import { startFixtureSite, type FixtureSite } from '../support/fixtureSite';

describe('capture: a user pastes a job link in Teams and gets a card back', () => {
  let bot: TestBot;
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot?.dispose();
    await site?.close();
  });
  beforeEach(() => bot.connector.reset());

  const collectionCounts = async () => ({
    postings: await bot.database.db.collection('postings').countDocuments(),
    trackedJobs: await bot.database.db.collection('trackedJobs').countDocuments(),
  });

  test('when a user pastes a link to a page with JobPosting JSON-LD, then the card shows its facts and the status Saved', async () => {
    const user = testUser();

    const replies = await bot.say(user, `look at this one ${site.url}/pages/contoso-jsonld.html?utm_source=linkedin`);

    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('Senior Platform Engineer');
    expect(text).toContain('Contoso Ltd');
    expect(text).toContain('Location: Berlin');
    expect(text).toContain('Remote: Remote');
    expect(text).toContain('Salary: EUR 85,000 – 105,000 a year');
    expect(text).toContain('Posted: 2 Nov 2026');
    expect(text).toContain('Expires: 1 Jan 2027'); // 23:59 UTC on 31 Dec is past midnight in the user's Berlin
    expect(text).toContain('Status: **Saved**');
    const open = cardOf(replies[0]).actions.find((a: any) => a.type === 'Action.OpenUrl');
    expect(open.url).toBe(`${site.url}/pages/contoso-jsonld.html`);

    const posting = await bot.database.db.collection('postings').findOne({ canonicalUrl: `${site.url}/pages/contoso-jsonld.html` });
    expect(posting).toMatchObject({ title: 'Senior Platform Engineer', company: 'Contoso Ltd', source: 'jsonld', open: true });
    const job = await bot.database.db.collection('trackedJobs').findOne({ postingId: posting!._id });
    expect(job).toMatchObject({ status: 'saved', userKey: `${user.tenantId}:${user.aadObjectId}` });
  });

  test('when the same link is pasted again (with other tracking parameters), then nothing new is stored and the card says it is already saved', async () => {
    const user = testUser();
    await bot.say(user, `${site.url}/pages/contoso-jsonld.html`);
    const before = await collectionCounts();
    const fetchesBefore = site.requests.length;

    const replies = await bot.say(user, `${site.url}/pages/contoso-jsonld.html?utm_campaign=x#apply`);

    expect(cardText(cardOf(replies[0]))).toContain('Already in your collection');
    expect(await collectionCounts()).toEqual(before);
    expect(site.requests.length).toBe(fetchesBefore);
  });

  test('when two users save the same posting, then it is stored once and each has their own tracked job', async () => {
    const [ann, bob] = [testUser('Ann'), testUser('Bob')];
    await bot.say(ann, `${site.url}/pages/contoso-jsonld.html?shared=1`);
    const before = await collectionCounts();

    const replies = await bot.say(bob, `${site.url}/pages/contoso-jsonld.html?shared=1`);

    expect(cardText(cardOf(replies[0]))).not.toContain('Already in your collection');
    expect(await collectionCounts()).toEqual({ postings: before.postings, trackedJobs: before.trackedJobs + 1 });
  });

  test('when the user is in a group chat and @mentions the bot, then the bot answers there; without the mention it stays silent', async () => {
    const user = testUser();

    const silent = await bot.post(groupMessage(bot.connector.url, user, `${site.url}/pages/contoso-jsonld.html?g=1`, false));
    expect(silent.status).toBe(200);
    expect(bot.connector.sent().filter((a) => a.type === 'message')).toHaveLength(0);

    const mentioned = await bot.post(groupMessage(bot.connector.url, user, `${site.url}/pages/contoso-jsonld.html?g=1`));
    expect(mentioned.status).toBe(200);
    const [reply] = bot.connector.sent().filter((a) => a.type === 'message');
    expect(cardText(cardOf(reply))).toContain('Senior Platform Engineer');
    expect(bot.connector.calls.find((c) => c.body === reply)?.conversationId).toBe('19:group-chat@thread.v2');
  });

  test('when any activity arrives, then the user and their personal conversation reference are stored for later messages', async () => {
    const user = testUser();

    await bot.say(user, 'help');

    const stored = await bot.database.db.collection('users').findOne({ _id: `${user.tenantId}:${user.aadObjectId}` as any });
    expect(stored).toMatchObject({
      timeZone: 'Europe/Berlin',
      reachable: true,
      conversation: { serviceUrl: bot.connector.url, conversation: { id: `a:personal-${user.aadObjectId}` }, user: { id: user.id } },
    });
  });

  test('when the user says help, or something the bot does not understand, then a card lists what it can do', async () => {
    const user = testUser();

    for (const text of ['help', 'what is the weather']) {
      const [reply] = await bot.say(user, text);
      expect(cardText(cardOf(reply))).toContain('Paste a job link');
    }
  });

  describe('bad input gets a clear card and stores nothing', () => {
    const cases: Array<{ name: string; text: (siteUrl: string) => string; says: RegExp }> = [
      { name: 'a message with no link', text: () => 'please save the contoso job', says: /could not find a job link/i },
      { name: 'a non-http(s) link', text: () => 'file:///etc/passwd', says: /only open http and https links/i },
      { name: 'a link to a private address', text: () => 'http://10.1.2.3/jobs/1', says: /private or internal address/i },
      { name: 'the cloud metadata address', text: () => 'http://169.254.169.254/latest/meta-data/', says: /private or internal address/i },
      { name: 'a page with no job posting', text: (u) => `${u}/pages/no-posting.html`, says: /found no job posting.*paste the posting's text/i },
      { name: 'a page that is gone (404)', text: (u) => `${u}/status/404`, says: /no longer exists/i },
      { name: 'a page that never answers', text: (u) => `${u}/hang`, says: /took too long/i },
      { name: 'a page whose JSON-LD is broken', text: (u) => `${u}/pages/broken-jsonld.html`, says: /found no job posting/i },
    ];

    test.each(cases)('when the user sends $name, then the card says what to do and nothing is stored', async ({ text, says }) => {
      const user = testUser();
      const before = await collectionCounts();

      const replies = await bot.say(user, text(site.url));

      expect(replies).toHaveLength(1);
      expect(cardText(cardOf(replies[0]))).toMatch(says);
      expect(await collectionCounts()).toEqual(before);
      const health = await fetch(`${bot.app.url}/healthz`);
      expect(health.status).toBe(200);
    });
  });

  test('when the activity is not JSON or has no type, then the endpoint answers 400 and the process lives on', async () => {
    const notJson = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', body: '{oops', headers: { 'Content-Type': 'application/json' } });
    const noType = await bot.post({ text: 'hi' });

    expect(notJson.status).toBe(400);
    expect(noType.status).toBe(400);
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
  });

  test('when the health endpoint is asked, then it reports the database and the scheduler', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ database: 'up', scheduler: 'running' });
  });
});
