import fs from 'node:fs';
import path from 'node:path';
import { cardOf, cardText, startTestBot, testUser, type TestBot } from '../support/bot';
import { FIXTURES, generatedJobPath, startFixtureSite, type FixtureSite } from '../support/fixtureSite';

const pasted = fs.readFileSync(path.join(FIXTURES, 'postings/50-made-pasted-linkedin-enterprise.txt'), 'utf8');
const untitled = `Responsibilities
• Keep our data pipelines healthy and fast.
• Work with analysts to model new sources.
Requirements
• 3+ years of SQL and Python.
• Experience with dbt or Airflow.
Benefits
• Remote-first, with a yearly team week.`;

describe('capture: pasted posting text, sites that block bots, several links, and odd pages', () => {
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

  const postings = () => bot.database.db.collection('postings');

  test('when a user pastes a whole posting with the page chrome around it, then the card shows title and company from the text', async () => {
    const user = testUser();

    const [reply] = await bot.say(user, pasted);

    const text = cardText(cardOf(reply));
    expect(text).toContain('Senior Cloud Security Engineer');
    expect(text).toContain('Northwind Defense Systems');
    expect(text).toContain('Salary: 135,000 – 172,000 a year');
    const stored = await postings().findOne({ title: 'Senior Cloud Security Engineer' });
    expect(stored).toMatchObject({ source: 'text', company: 'Northwind Defense Systems' });
    expect(stored!.description).not.toContain('Easy Apply');
  });

  test('when pasted text has no title or company, then the card asks for them and saving fills them in, also in the list of another user who pasted it', async () => {
    const user = testUser();
    const other = testUser();
    await bot.say(other, untitled);
    const [reply] = await bot.say(user, untitled);
    const card = cardOf(reply);
    expect(cardText(card)).toContain('I could not tell the title or the company');
    const postingId = card.refresh.action.data.postingId;

    const updated = await bot.click(user, 'job.details', { postingId, title: 'Analytics Engineer', company: 'Tailwind Traders' });

    expect(cardText(updated)).toContain('Analytics Engineer');
    expect(cardText(updated)).toContain('Tailwind Traders');
    expect(cardText(updated)).not.toContain('I could not tell');
    for (const someone of [user, other]) {
      const [list] = await bot.say(someone, 'my jobs tailwind');
      expect(cardText(cardOf(list))).toContain('Analytics Engineer');
    }
  });

  test('when a user pastes a LinkedIn link, then nothing is fetched, the card keeps the link, and the text pasted next becomes that link\'s posting', async () => {
    const user = testUser();
    const link = 'https://www.linkedin.com/jobs/view/4033269723/?trk=public_jobs';

    const [blocked] = await bot.say(user, link);
    expect(cardText(cardOf(blocked))).toMatch(/does not let bots read its pages/);
    expect(JSON.stringify(cardOf(blocked))).toContain('"verb":"job.attachText"');

    const [saved] = await bot.say(user, pasted);

    expect(cardText(cardOf(saved))).toContain('Senior Cloud Security Engineer');
    expect(await postings().findOne({ canonicalUrl: 'https://www.linkedin.com/jobs/view/4033269723' })).toMatchObject({ source: 'text', title: 'Senior Cloud Security Engineer' });
  });

  test('when the user pastes the text into the blocked-site card instead, then it is attached to that link too', async () => {
    const user = testUser();
    const link = 'https://uk.indeed.com/viewjob?jk=abc123';

    const card = await bot.click(user, 'job.attachText', { url: link, text: pasted });

    expect(cardText(card)).toContain('Senior Cloud Security Engineer');
    expect(await postings().findOne({ canonicalUrl: link })).toMatchObject({ source: 'text' });
  });

  test('when a message carries seven links, then five are read, one card each, and the user is told about the rest', async () => {
    const user = testUser();
    const links = Array.from({ length: 7 }, (_, i) => `${site.url}${generatedJobPath(`many-${i}`, { title: `Role ${i}`, company: 'Many Co' })}`);

    const replies = await bot.say(user, links.join(' \n'));

    expect(replies).toHaveLength(6);
    expect(cardText(cardOf(replies[0]))).toMatch(/more links than I read at once/);
    expect(replies.slice(1).map((r) => cardText(cardOf(r)).match(/Role \d/)![0])).toEqual(['Role 0', 'Role 1', 'Role 2', 'Role 3', 'Role 4']);
  });

  test('when a page has a JobPosting with nothing but a title, then the card shows the title and no invented facts', async () => {
    site.route('/bare-posting', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"Night Baker"}</script></head><body></body></html>');
    });

    const [reply] = await bot.say(testUser(), `${site.url}/bare-posting`);

    const text = cardText(cardOf(reply));
    expect(text).toContain('Night Baker');
    expect(text).not.toMatch(/Location|Salary|Posted|Expires/);
  });

  test('when a page is served in windows-1252 without saying so in the header, then its accents survive', async () => {
    site.route('/latin1', (_req, res) => {
      const html = '<html><head><meta charset="windows-1252"><script type="application/ld+json">{"@type":"JobPosting","title":"Ingénieur logiciel – Zürich","hiringOrganization":{"name":"Société Générale"}}</script></head></html>';
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(Buffer.from(html, 'latin1'));
    });

    const [reply] = await bot.say(testUser(), `${site.url}/latin1`);

    expect(cardText(cardOf(reply))).toContain('Société Générale');
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['a server error', '/status/503', /answered with an error/],
    ['a page that is gone (410)', '/status/410', /no longer exists/],
    ['a PDF', '/pdf', /not a web page/],
    ['a site that refuses bots (403)', '/status/403', /does not let bots read its pages/],
  ];

  test.each(refusals)('when the link leads to %s, then the card says so and nothing is stored', async (_name, pathname, says) => {
    site.route('/pdf', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/pdf' }).end('%PDF-1.7'));
    const before = await postings().countDocuments();

    const [reply] = await bot.say(testUser(), `${site.url}${pathname}`);

    expect(cardText(cardOf(reply))).toMatch(says);
    expect(await postings().countDocuments()).toBe(before);
  });

  test('when pasted text is too short to be a posting, then the card says so and nothing is stored', async () => {
    const before = await postings().countDocuments();
    const chatter = 'I saw a great job today at a bakery downtown and I think I should apply there soon, what do you think about that, any advice for me?';

    const [reply] = await bot.say(testUser(), chatter);

    expect(cardText(cardOf(reply))).toMatch(/too short to be a job posting/);
    expect(await postings().countDocuments()).toBe(before);
  });
});
