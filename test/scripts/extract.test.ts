import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startHttpServer, type TestHttpServer } from '../support/httpServer';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = 'test/fixtures/postings';

/** What the command printed and how it exited. */
interface Run {
  code: number;
  lines: Record<string, unknown>[];
  stderr: string;
}

/**
 * Runs the real script in a child process, as a person would. Async on purpose: the loopback
 * server the script reads from answers on this process's event loop.
 */
function runExtract(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv = { ...process.env, FETCH_ALLOW_PRIVATE_HOSTS: undefined, LOG_LEVEL: 'silent', ...env };
  return new Promise((resolve, reject) => {
    execFile('npx', ['tsx', 'scripts/extract.ts', ...args], { cwd: ROOT, env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      const lines = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, lines, stderr });
    });
  });
}

describe('npm run extract', () => {
  it('when given a saved page with JSON-LD, then it prints the posting as one JSON line with ISO dates and exits 0', async () => {
    const run = await runExtract([`${FIXTURES}/40-made-graph-organization.html`]);

    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatchObject({
      source: 'jsonld',
      title: 'Robotics Software Engineer (C++)',
      company: 'Fabrikam Robotics GmbH',
      location: { text: 'Munich, Bavaria, Germany' },
      salary: { min: 70000, max: 85000, currency: 'EUR', unit: 'year' },
      datePosted: '2026-05-15T00:00:00.000Z',
      validThrough: '2026-08-31T23:59:00.000Z',
    });
  });

  it('when given a Greenhouse board response with --select, then it prints that one job', async () => {
    const run = await runExtract([`${FIXTURES}/12-greenhouse-api-anthropic.json`, '--select', '5311686008']);

    expect(run.code).toBe(0);
    expect(run.lines).toEqual([expect.objectContaining({
      source: 'greenhouse',
      title: 'Country Lead, Data Center Security',
      company: 'Anthropic',
      url: 'https://job-boards.greenhouse.io/anthropic/jobs/5311686008',
      datePosted: new Date('2026-07-10T16:15:41-04:00').toISOString(),
    })]);
  });

  describe('with a job page on a loopback server', () => {
    let server: TestHttpServer;
    const requests: string[] = [];

    beforeAll(async () => {
      const page = readFileSync(path.join(ROOT, FIXTURES, '42-made-cdata-escaped-salary.html'));
      server = await startHttpServer((req, res) => {
        requests.push(req.url ?? '');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
      });
    });

    afterAll(() => server.close());

    beforeEach(() => {
      requests.length = 0;
    });

    it('when the host is allowed by FETCH_ALLOW_PRIVATE_HOSTS, then the page is fetched and read like the bot reads it', async () => {
      const run = await runExtract([`${server.url}/jobs/designer`], { FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });

      expect(run.code).toBe(0);
      expect(run.lines).toEqual([expect.objectContaining({
        source: 'jsonld',
        url: `${server.url}/jobs/designer`,
        title: 'Senior Product Designer',
        company: 'Tailspin Toys',
        salary: { min: 120000, max: 150000, currency: 'USD', unit: 'year' },
      })]);
      expect(requests).toEqual(['/jobs/designer']);
    });

    it('when the host is not allowed, then the private address is refused with FETCH_BLOCKED_ADDRESS and nothing is requested', async () => {
      const run = await runExtract([`${server.url}/jobs/designer`]);

      expect(run.code).toBe(1);
      expect(run.lines).toEqual([{ error: { code: 'FETCH_BLOCKED_ADDRESS', message: expect.stringContaining('private or internal address') } }]);
      expect(requests).toEqual([]);
    });
  });

  it('when a file does not exist, then it prints an error line with the code and user message and exits 1', async () => {
    const run = await runExtract([`${FIXTURES}/no-such-posting.html`]);

    expect(run.code).toBe(1);
    expect(run.lines).toEqual([{ error: { code: 'BAD_URL', message: expect.stringMatching(/\S/) } }]);
  });

  it('when given two inputs, then it prints two lines in the order given', async () => {
    const run = await runExtract([`${FIXTURES}/43-made-telecommute-hourly.html`, `${FIXTURES}/44-made-expired-posting.html`]);

    expect(run.code).toBe(0);
    expect(run.lines.map((line) => line.title)).toEqual(['Customer Support Specialist', 'Warehouse Team Lead']);
  });

  it('when one of several inputs gives no posting, then every input still gets its line and the exit code is 1', async () => {
    const run = await runExtract([`${FIXTURES}/02-linkedin-login-wall.html`, `${FIXTURES}/44-made-expired-posting.html`]);

    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      { error: { code: 'BLOCKED_SITE', message: expect.stringMatching(/\S/) } },
      expect.objectContaining({ title: 'Warehouse Team Lead' }),
    ]);
  });
});
