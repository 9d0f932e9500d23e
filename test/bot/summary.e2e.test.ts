import fs from 'node:fs';
import path from 'node:path';
import { cardOf, cardText, startTestBot, testUser, type TestBot } from '../support/bot';
import { FIXTURES } from '../support/fixtureSite';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openaiServer';
import type { TestUser } from '../support/activities';

const pasted = fs.readFileSync(path.join(FIXTURES, 'postings/50-made-pasted-linkedin-enterprise.txt'), 'utf8');
const modelAnswer = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'summary/openai-answer-50.json'), 'utf8'));

async function saveEnterprisePosting(bot: TestBot, user: TestUser): Promise<string> {
  const [reply] = await bot.say(user, pasted);
  return cardOf(reply).refresh.action.data.postingId;
}

describe('summary and profile through the bot, offline', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot?.dispose());

  test('when the user presses Summary, then the card lists the real requirements, the screening condition and the match against their skills', async () => {
    const user = testUser();
    const postingId = await saveEnterprisePosting(bot, user);
    await bot.say(user, 'skills: AWS, Terraform, Python, k8s');

    const card = await bot.click(user, 'job.summary', { postingId });

    const text = cardText(card);
    expect(text).toContain('Required');
    expect(text).toMatch(/Secret security clearance/i);
    expect(text).toMatch(/Conditions that can decide it[\s\S]*(clearance|background check)/i);
    expect(text).toMatch(/Match: \d+% · \d+ of \d+ required/);
    expect(text).toMatch(/✓ (AWS|Terraform)/);
    expect(text).toContain('Summarised on our server');
  });

  test('when the user compares by the numbers of their list, then the summarised job shows its match against their skills', async () => {
    const user = testUser();
    await bot.say(user, 'Data Engineer at Fabrikam\nResponsibilities\n• Keep our data pipelines healthy and fast with Python and SQL.\n• Work with analysts to model new sources in dbt.\nRequirements\n• 3+ years of SQL and Python.\nBenefits\n• Remote-friendly, learning budget.');
    const postingId = await saveEnterprisePosting(bot, user);
    await bot.say(user, 'skills: AWS, Terraform, Python, k8s');
    const summary = cardText(await bot.click(user, 'job.summary', { postingId }));
    const score = summary.match(/Match: (\d+)%/)![1];

    await bot.say(user, 'my jobs'); // newest first: the enterprise posting is 1
    const [reply] = await bot.say(user, 'compare 1 2');

    expect(cardText(cardOf(reply))).toMatch(new RegExp(`Match[\\s\\S]*${score}%`));
  });

  test('when the user pastes a résumé into the profile, then only the skills are kept', async () => {
    const user = testUser();
    await bot.say(user, 'hello');
    const resume = 'Jane Doe\nSenior engineer, 9 years.\nExperience: built services in TypeScript and Go on Kubernetes, with PostgreSQL and Redis; CI on GitHub Actions.\nEducation: BSc Computer Science.';

    const card = await bot.click(user, 'profile.skills', { skills: resume });

    expect(cardText(card)).toMatch(/Took \d+ skills from your résumé; the résumé itself is not kept/);
    const stored = await bot.database.db.collection('users').findOne({ _id: `${user.tenantId}:${user.aadObjectId}` as any });
    expect(stored!.skills).toEqual(expect.arrayContaining(['TypeScript', 'Kubernetes', 'PostgreSQL']));
    expect(JSON.stringify(stored)).not.toContain('Jane Doe');
  });

  test.each([
    ['10,000 skills', Array.from({ length: 10_000 }, (_, i) => `skill${i}`).join(', '), /more than 100 skills/],
    ['an empty list', '   ', /found no skills/i],
    ['markup only', '<b></b><script></script>', /found no skills/i],
  ])('when the profile gets %s, then the card says what to do and the profile is unchanged', async (_name, input, says) => {
    const user = testUser();
    await bot.say(user, 'skills: Python');

    const card = await bot.click(user, 'profile.skills', { skills: input });

    expect(cardText(card)).toMatch(says);
    const stored = await bot.database.db.collection('users').findOne({ _id: `${user.tenantId}:${user.aadObjectId}` as any });
    expect(stored!.skills).toEqual(['Python']);
  });
});

describe('summary through the bot with an OpenAI-compatible model', () => {
  let bot: TestBot;
  let model: OpenAiTestServer;
  beforeAll(async () => {
    model = await startOpenAiServer({ answer: modelAnswer });
    bot = await startTestBot({ OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: 'test-model', SUMMARY_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    await bot?.dispose();
    await model?.close();
  });
  beforeEach(() => model.reset());

  test('when the model writes the summary, then the card says "summarising…" at once and is updated in place, and a second request is served from the cache', async () => {
    const user = testUser();
    const postingId = await saveEnterprisePosting(bot, user);

    const placeholder = await bot.click(user, 'job.summary', { postingId }, { replyToId: 'card-message-1' });
    expect(cardText(placeholder)).toContain('Summarising…');

    const [update] = await waitForUpdate(bot, 'card-message-1');
    expect(cardText(update.body.attachments[0].content)).toContain(modelAnswer.gist);
    expect(cardText(update.body.attachments[0].content)).toContain('Summarised by test-model');
    expect(model.requests).toHaveLength(1);

    const again = await bot.click(user, 'job.summary', { postingId }, { replyToId: 'card-message-2' });
    expect(cardText(again)).toContain(modelAnswer.gist);
    expect(model.requests).toHaveLength(1);
  });

  test('when the model fails, then the offline summary replaces the placeholder with a short note', async () => {
    model.script({ status: 500 }, { status: 500 });
    const user = testUser();
    const [reply] = await bot.say(user, pasted.replace('Senior Cloud Security Engineer', 'Principal Cloud Security Engineer'));
    const postingId = cardOf(reply).refresh.action.data.postingId;

    await bot.click(user, 'job.summary', { postingId }, { replyToId: 'card-message-3' });

    const [update] = await waitForUpdate(bot, 'card-message-3');
    const text = cardText(update.body.attachments[0].content);
    expect(text).toContain('not available right now');
    expect(text).toContain('Summarised on our server');
  });
});

async function waitForUpdate(bot: TestBot, activityId: string, timeoutMs = 10_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const updates = bot.connector.calls.filter((c) => c.kind === 'update' && c.activityId === activityId);
    if (updates.length > 0) return updates;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no update of ${activityId} within ${timeoutMs} ms`);
}
