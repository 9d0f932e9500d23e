import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/playground/driver';
import { cardOf, startTestBot, type TestBot } from '../support/bot';
import { generatedJobPath, startFixtureSite, type FixtureSite, type GeneratedJob } from '../support/fixtureSite';
import { entraUser, userKeyOf } from './support';

const ROOT = path.resolve(__dirname, '../..');
const OUTPUT = path.join(ROOT, 'test-output/tab');
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
// The Agents Playground's user (.m365agentsplayground.yml): local mode's development identity by default.
const playgroundUser = entraUser('Playground User', '7a3c1f2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b', '11111111-1111-4111-8111-111111111111');

const jobs: Array<{ slug: string; job: GeneratedJob; status?: string[] }> = [
  { slug: 'contoso', job: { title: 'Senior Platform Engineer', company: 'Contoso', city: 'Berlin', salaryMin: 85000, salaryMax: 105000, currency: 'EUR', validThrough: '2027-01-31' }, status: ['applied', 'interviewing'] },
  { slug: 'fabrikam', job: { title: 'Data Analyst', company: 'Fabrikam', city: 'Munich', salaryMin: 60000, salaryMax: 72000, currency: 'EUR', validThrough: '2026-12-20' }, status: ['applied'] },
  { slug: 'northwind', job: { title: 'Cloud Security Engineer', company: 'Northwind Traders', remote: true, salaryMin: 95000, salaryMax: 120000, currency: 'EUR' }, status: ['applied', 'rejected'] },
  { slug: 'tailspin', job: { title: 'Frontend Developer', company: 'Tailspin Toys', city: 'Hamburg', salaryMin: 55000, salaryMax: 65000, currency: 'EUR', validThrough: '2027-02-15' } },
  { slug: 'woodgrove', job: { title: 'Engineering Manager', company: 'Woodgrove Bank', city: 'Frankfurt', salaryMin: 120000, salaryMax: 140000, currency: 'EUR' }, status: ['applied', 'interviewing', 'offer'] },
];

describe('the dashboard tab in Chromium (local mode, development identity)', () => {
  let site: FixtureSite;
  let bot: TestBot;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    site = await startFixtureSite();
    bot = await startTestBot({ SCHEDULER_ENABLED: 'false' });
    // Saved through the bot as the Playground user, exactly as in chat.
    for (const { slug, job, status } of jobs) {
      const [reply] = await bot.say(playgroundUser, `${site.url}${generatedJobPath(`tab-${slug}`, job)}`);
      const postingId = cardOf(reply).refresh.action.data.postingId;
      for (const next of status ?? []) await bot.click(playgroundUser, 'job.status', { postingId, status: next });
    }
    // Skills and two summaries, so the Match column has scores (as the bot's compare shows them).
    await bot.say(playgroundUser, 'skills: TypeScript, Kubernetes, Python');
    await bot.say(playgroundUser, 'summary contoso');
    await bot.say(playgroundUser, 'summary fabrikam');
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    // Nothing leaves the machine: the page must work with what our server serves.
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).host.replace(/:\d+$/, '');
      if (LOCAL_HOSTS.has(host)) return route.continue();
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    context.setDefaultTimeout(5000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.dispose();
    await site?.close();
  });

  const rows = () => page.locator('table.jobs tbody tr[data-job-id]');
  const column = (key: string) => page.locator(`table.jobs tbody td[data-key="${key}"]`).allInnerTexts();
  const storedJob = async (company: string) => bot.database.db.collection('trackedJobs').findOne({ userKey: userKeyOf(playgroundUser), company });
  const shot = (name: string) => page.screenshot({ path: path.join(OUTPUT, name), fullPage: true });

  test('when the tab opens outside Teams in local mode, then it shows the Playground user\'s collection, the funnel and the response rate', async () => {
    await page.goto(`${bot.app.url}/tab`);
    await rows().first().waitFor();

    expect(await rows().count()).toBe(jobs.length);
    expect(await page.getByText('Development identity (local mode)').isVisible()).toBe(true);
    const matches = Object.fromEntries((await column('company')).map((company, i) => [company, i]));
    const matchColumn = await column('match');
    expect(matchColumn[matches.Contoso]).toMatch(/^\d{1,3}%$/);
    expect(matchColumn[matches['Tailspin Toys']]).toBe('—'); // no summary yet
    const funnel = await page.locator('.stage').evaluateAll((stages) => stages.map((s) => [s.querySelector('.stage-label')!.textContent, s.querySelector('.stage-count')!.textContent]));
    expect(funnel).toEqual([['Saved', '5'], ['Applied', '4'], ['Interviewing', '2'], ['Offer', '1']]);
    // Contoso (interviewing), Northwind (rejected) and Woodgrove (offer) answered; Fabrikam is still waiting.
    expect(await page.getByTestId('response-rate').innerText()).toBe('75%');
    expect(await page.locator('.response-counts').innerText()).toBe('3 of 4 applications got an answer');
    await shot('01-dashboard.png');
  });

  test('when the user filters by status and by text, then only the matching jobs are listed', async () => {
    await page.selectOption('#status-filter', 'applied');
    expect(await column('company')).toEqual(['Fabrikam']);

    await page.selectOption('#status-filter', '');
    await page.fill('#text-filter', 'engineer');
    expect((await column('company')).sort()).toEqual(['Contoso', 'Northwind Traders', 'Woodgrove Bank']); // "Engineering Manager" too
    await page.fill('#text-filter', 'engineer berlin');
    expect(await column('company')).toEqual(['Contoso']);
    await shot('02-filtered.png');

    await page.fill('#text-filter', '');
    expect(await rows().count()).toBe(jobs.length);
  });

  test('when the user clicks a column header, then the table sorts by it, and a second click reverses the order', async () => {
    await page.getByRole('button', { name: 'Salary' }).click();
    expect(await column('company')).toEqual(['Woodgrove Bank', 'Northwind Traders', 'Contoso', 'Fabrikam', 'Tailspin Toys']);
    expect(await page.locator('th[data-key="salary"]').getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('button', { name: 'Salary' }).click();
    expect(await column('company')).toEqual(['Tailspin Toys', 'Fabrikam', 'Contoso', 'Northwind Traders', 'Woodgrove Bank']);

    await page.getByRole('button', { name: 'Company' }).click();
    expect(await column('company')).toEqual(['Contoso', 'Fabrikam', 'Northwind Traders', 'Tailspin Toys', 'Woodgrove Bank']);
    await shot('03-sorted.png');
  });

  test('when the user opens a job, moves it to Applied and adds a note, then the change is stored through the domain and shown', async () => {
    await page.locator('tr', { hasText: 'Tailspin Toys' }).locator('td[data-key="title"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Frontend Developer' }).waitFor();

    await dialog.getByRole('button', { name: 'Applied', exact: true }).click();
    await dialog.locator('button[data-status="applied"][aria-pressed="true"]').waitFor();
    await dialog.getByLabel('New note').fill('Sent the portfolio; "Hamburg, 2nd floor"');
    await dialog.getByRole('button', { name: 'Add note' }).click();
    await dialog.locator('.notes li').first().waitFor();

    expect(await dialog.locator('.note-text').allInnerTexts()).toEqual(['Sent the portfolio; "Hamburg, 2nd floor"']);
    const timeline = await dialog.locator('.timeline .what').allInnerTexts();
    expect(timeline).toEqual(['Saved to your collection', 'Saved → Applied', 'Note: Sent the portfolio; "Hamburg, 2nd floor"']);
    const job = await storedJob('Tailspin Toys');
    expect(job).toMatchObject({ status: 'applied' });
    const events = await bot.database.db.collection('events').find({ jobId: job!._id, type: { $in: ['status', 'note'] } }).toArray();
    expect(events.map((e) => e.type).sort()).toEqual(['note', 'status']);
    await shot('04-job.png');

    await dialog.getByRole('button', { name: 'Close' }).click();
    // The table and the funnel follow the change.
    await page.locator('tr', { hasText: 'Tailspin Toys' }).locator('.pill-applied').waitFor();
    expect(await page.locator('.stage-applied .stage-count').innerText()).toBe('5');
  });

  test('when the user selects two rows and presses Compare, then they are shown side by side with the better pay marked', async () => {
    const compare = page.getByRole('button', { name: /^Compare/ });
    expect(await compare.isDisabled()).toBe(true);

    await page.locator('tr', { hasText: 'Contoso' }).getByRole('checkbox').check();
    await page.locator('tr', { hasText: 'Fabrikam' }).getByRole('checkbox').check();
    expect(await compare.innerText()).toBe('Compare (2)');
    await compare.click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Comparing 2 jobs' }).waitFor();
    expect(await dialog.locator('thead th').allInnerTexts()).toEqual(['Fact', 'Senior Platform Engineer', 'Data Analyst']);
    const pay = await dialog.locator('tr', { hasText: 'Salary / year' }).locator('td').evaluateAll((cells) => cells.map((c) => [c.textContent, c.classList.contains('best')]));
    expect(pay).toEqual([['★ EUR 85,000 – 105,000 a year (best)', true], ['EUR 60,000 – 72,000 a year', false]]);
    await shot('05-compare.png');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  test('when the user presses Export CSV, then a CSV of their jobs downloads', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export CSV/ }).click()]);

    const file = path.join(OUTPUT, 'export.csv');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(download.suggestedFilename()).toMatch(/^job-tracker-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(lines).toHaveLength(1 + jobs.length);
    expect(lines.find((l) => l.startsWith('Frontend Developer'))).toContain(',Applied,');
    expect(lines.find((l) => l.startsWith('Engineering Manager'))).toContain('Woodgrove Bank,Frankfurt,');
    await shot('06-after-export.png');
  });

  test('when the body carries the dark theme (as Teams reports it), then the page uses dark colours', async () => {
    await page.evaluate(() => (document.body.dataset.theme = 'dark'));

    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(31, 31, 31)');
    expect(await page.locator('table.jobs td[data-key="company"]').first().evaluate((td) => getComputedStyle(td).color)).toBe('rgb(255, 255, 255)');
    await shot('08-dark.png');
    await page.evaluate(() => (document.body.dataset.theme = 'default'));
  });

  test('when the page is served by a production server and opened outside Teams, then it says to open it in Teams', async () => {
    const outside = await context.newPage();
    // The same page with the mode a production server would write into it.
    await outside.route('**/tab', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('data-mode="local"', 'data-mode="production"') });
    });
    const apiCalls: string[] = [];
    outside.on('request', (request) => request.url().includes('/api/tab/') && apiCalls.push(request.url()));

    await outside.goto(`${bot.app.url}/tab`);
    await outside.getByRole('heading', { name: 'Open Job Tracker in Microsoft Teams' }).waitFor();

    expect(apiCalls).toEqual([]); // it did not fall back to the development identity
    await outside.screenshot({ path: path.join(OUTPUT, '07-outside-teams.png') });
    await outside.close();
  });

  test('nothing the page did needed the internet, and it raised no script errors', () => {
    // teams-js prefetches Microsoft's list of valid Teams origins (the page's CSP allows it); blocked, it uses its built-in list.
    expect(blocked.filter((url) => url !== 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
