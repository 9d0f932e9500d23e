import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launchPlayground, type PlaygroundDriver } from '../../scripts/playground/driver';
import { startPlayground, type RunningPlayground } from '../../scripts/playground/server';
import { startTestBot, type TestBot } from '../support/bot';
import { startFixtureSite, type FixtureSite } from '../support/fixtureSite';

const ROOT = path.resolve(__dirname, '../..');
const OUTPUT = path.join(ROOT, 'test-output/playground');
// The Playground's user, from .m365agentsplayground.yml.
const PLAYGROUND_USER_KEY = '7a3c1f2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b:11111111-1111-4111-8111-111111111111';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('in the Microsoft 365 Agents Playground, driven through its web UI in Chromium', () => {
  let bot: TestBot;
  let site: FixtureSite;
  let playground: RunningPlayground;
  let browser: PlaygroundDriver;

  beforeAll(async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    site = await startFixtureSite();
    bot = await startTestBot();
    playground = await startPlayground({
      appEndpoint: `${bot.app.url}/api/messages`,
      port: await freePort(),
      configPath: path.join(ROOT, '.m365agentsplayground.yml'),
      logFile: path.join(os.tmpdir(), `playground-${process.pid}.log`),
    });
    browser = await launchPlayground({ url: playground.url, botName: 'Job Tracker' });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await bot?.dispose();
    await site?.close();
  });

  test('when a user pastes a job link, then the card arrives, and clicking Applied updates it in place and in the database', async () => {
    await browser.sendMessage(`${site.url}/pages/contoso-jsonld.html`);
    const card = await browser.waitForBotReply({ containsText: 'Senior Platform Engineer', timeoutMs: 20_000 });
    expect(card).toContain('Contoso Ltd');
    expect(card).toContain('Status: Saved');
    await browser.screenshot(path.join(OUTPUT, '1-card.png'));

    await browser.clickCardButton('Applied');
    const updated = await browser.waitForBotReply({ containsText: 'Status: Applied', timeoutMs: 20_000 });
    await browser.screenshot(path.join(OUTPUT, '2-applied.png'));

    expect(updated).toContain('Interviewing');
    const job = await bot.database.db.collection('trackedJobs').findOne({ userKey: PLAYGROUND_USER_KEY });
    expect(job).toMatchObject({ status: 'applied', title: 'Senior Platform Engineer' });
  }, 60_000);

  test('when the user asks for help, then the help card lists the commands', async () => {
    await browser.sendMessage('help');

    const help = await browser.waitForBotReply({ containsText: 'what I can do', timeoutMs: 20_000 });

    expect(help).toContain('my jobs');
  }, 30_000);
});
