import { createHmac, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { personalMessage, type TestUser } from '../support/activities';
import { cardOf, cardText, startTestBot, type TestBot } from '../support/bot';
import { startTokenIssuer, type TestTokenIssuer } from '../support/tokenIssuer';
import { ExportLinks } from '../../src/tab/exportLinks';
import { bearer, entraUser, pastedPosting, ssoClaims, tabRequest, userKeyOf, type PastedJob } from './support';

const BOT_ID = '00000000-0000-0000-0000-00000000b075';
const BOT_FRAMEWORK = 'https://api.botframework.com';
const TENANT = '7d2c4a1e-5b3f-4c6d-8e9f-0a1b2c3d4e5f';
const OTHER_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const CLIENT_ID = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const AUDIENCE = `api://tab.jobs.example/${CLIENT_ID}`;
const SIGNING_KEY = 'export-signing-key-for-tests-0123456789abcdef';

const ada = entraUser('Ada Lovelace', TENANT, '1a2b3c4d-0000-4000-8000-00000000a0a0');
const bob = entraUser('Bob Babbage', TENANT, '1a2b3c4d-0000-4000-8000-00000000b0b0');

const adaJobs: PastedJob[] = [
  { title: 'Senior Backend Engineer', company: 'Contoso', city: 'Berlin, Germany', pay: '€80,000/yr - €95,000/yr' },
  { title: 'Data Analyst', company: 'Fabrikam, Inc.', city: 'Austin, TX', pay: '€90,000/yr - €110,000/yr' },
  // A posting whose title is a spreadsheet formula (DDE): the export must neutralise it.
  { title: "=cmd|' /C calc'!A0", company: 'Northwind', city: 'Lisbon, Portugal' },
];
const bobJobs: PastedJob[] = [{ title: 'Site Reliability Engineer', company: 'Tailspin Toys', city: 'Dublin, Ireland', pay: '€70,000/yr - €85,000/yr' }];

describe('the tab API in production: SSO tokens, ownership, changes through the domain, and the export link', () => {
  let bot: TestBot;
  let botFramework: TestTokenIssuer;
  let entra: TestTokenIssuer;

  beforeAll(async () => {
    // Both key sets are published locally: tests cannot reach Microsoft's.
    botFramework = await startTokenIssuer({ issuer: BOT_FRAMEWORK, endorsements: ['msteams'] });
    entra = await startTokenIssuer({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' });
    bot = await startTestBot({
      APP_MODE: 'production',
      HOST: '127.0.0.1',
      BOT_ID,
      BOT_PASSWORD: 'test-secret',
      BOT_TENANT_ID: TENANT,
      BOT_OPENID_METADATA_URL: botFramework.metadataUrl,
      FETCH_ALLOW_PRIVATE_HOSTS: '',
      TAB_OPENID_METADATA_URL: entra.metadataUrl,
      TAB_SSO_AUDIENCE: AUDIENCE,
      AAD_APP_CLIENT_ID: CLIENT_ID,
      EXPORT_SIGNING_KEY: SIGNING_KEY,
      SCHEDULER_ENABLED: 'false',
    });
    for (const job of adaJobs) await paste(ada, job);
    for (const job of bobJobs) await paste(bob, job);
  });
  afterAll(async () => {
    await bot?.dispose();
    await botFramework?.close();
    await entra?.close();
  });

  /**
   * Pastes a posting into the bot as Teams would send it (with a Bot Framework token): the job is saved before the
   * bot answers. Its answer cannot get an outbound token offline, which is not what these tests are about.
   */
  async function paste(user: TestUser, job: PastedJob): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const token = botFramework.sign({ iss: BOT_FRAMEWORK, aud: BOT_ID, nbf: now - 60, exp: now + 600, serviceurl: bot.connector.url });
    const { status } = await bot.post(personalMessage(bot.connector.url, user, pastedPosting(job)), { Authorization: `Bearer ${token}` });
    expect(status).toBe(200);
  }

  const auth = (user: TestUser, overrides: Record<string, unknown> = {}) => bearer(entra, ssoClaims(user, AUDIENCE, overrides));
  const jobsOf = (user: TestUser) => bot.database.db.collection('trackedJobs').find({ userKey: userKeyOf(user) }).toArray();
  const jobIdOf = async (user: TestUser, title: string) => (await jobsOf(user)).find((j) => j.title === title)!._id as unknown as string;
  const events = (filter: object) => bot.database.db.collection('events').find(filter).toArray();

  test('when Teams sends a valid SSO token, then the API answers with that user\'s jobs and pipeline, and only theirs', async () => {
    const response = await tabRequest(bot, '/api/tab/jobs', { headers: auth(ada) });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.jobs.map((j: any) => j.title).sort()).toEqual(adaJobs.map((j) => j.title).sort());
    expect(response.body.jobs.find((j: any) => j.company === 'Contoso')).toMatchObject({ status: 'saved', location: 'Berlin, Germany', remote: 'hybrid', salary: 'EUR 80,000 – 95,000 a year', salaryPerYear: 95000 });
    expect(response.body.pipeline.funnel).toEqual([
      { status: 'saved', label: 'Saved', count: 3 },
      { status: 'applied', label: 'Applied', count: 0 },
      { status: 'interviewing', label: 'Interviewing', count: 0 },
      { status: 'offer', label: 'Offer', count: 0 },
    ]);
    expect(response.body.dev).toBe(false);
  });

  test('when the token names the client id as its audience instead of the Application ID URI, then it is accepted too', async () => {
    const response = await tabRequest(bot, '/api/tab/jobs', { headers: auth(bob, { aud: CLIENT_ID }) });

    expect(response.status).toBe(200);
    expect(response.body.jobs.map((j: any) => j.title)).toEqual(['Site Reliability Engineer']);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const unsigned = (header: object, claims: object) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const refused: Array<[string, () => Record<string, string>]> = [
    ['no token at all', () => ({})],
    ['an expired token', () => auth(ada, { iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })],
    ['a token not valid yet', () => auth(ada, { nbf: now() + 3600 })],
    ['a token signed by a key the tenant does not publish', () => ({ Authorization: `Bearer ${entra.sign(ssoClaims(ada, AUDIENCE), { key: entra.strangerKey })}` })],
    ['a token naming a key id nobody published', () => ({ Authorization: `Bearer ${entra.sign(ssoClaims(ada, AUDIENCE), { kid: 'forged-key', key: entra.strangerKey })}` })],
    ['a token with no signature', () => ({ Authorization: `Bearer ${entra.sign(ssoClaims(ada, AUDIENCE)).split('.').slice(0, 2).join('.')}.` })],
    ['an alg "none" token', () => ({ Authorization: `Bearer ${unsigned({ alg: 'none', typ: 'JWT' }, ssoClaims(ada, AUDIENCE))}.` })],
    ['an HS256 token keyed with a public key (algorithm confusion)', () => {
      const body = unsigned({ alg: 'HS256', typ: 'JWT', kid: 'test-key' }, ssoClaims(ada, AUDIENCE));
      const publicPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
      return { Authorization: `Bearer ${body}.${createHmac('sha256', publicPem).update(body).digest('base64url')}` };
    }],
    ['a token for another app (wrong audience)', () => auth(ada, { aud: 'api://other.example/00000000-0000-0000-0000-000000000000' })],
    ['a token from another issuer', () => auth(ada, { iss: 'https://evil.example/v2.0' })],
    ['a token whose issuer names another tenant than its tid', () => auth(ada, { iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })],
    ['a v1 token (sts.windows.net issuer)', () => auth(ada, { iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0' })],
    ['an app-only token (no delegated scope)', () => auth(ada, { scp: undefined, roles: ['Jobs.Read.All'] })],
    ['a token whose tenant id is not a GUID', () => auth(ada, { tid: 'tenant:evil', iss: 'https://login.microsoftonline.com/tenant:evil/v2.0' })],
    ['a Basic header', () => ({ Authorization: 'Basic dXNlcjpwYXNz' })],
    ['the development identity header (production never accepts it)', () => ({ 'X-Dev-Identity': '1' })],
  ];

  test.each(refused)('when a request carries %s, then it is refused with 401 and a JSON error', async (_name, headers) => {
    const response = await tabRequest(bot, '/api/tab/jobs', { headers: headers() });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'TAB_UNAUTHORIZED', message: expect.stringContaining('Teams') } });
  });

  test('when a refused token tries to change a job, then nothing changes', async () => {
    const jobId = await jobIdOf(ada, 'Data Analyst');

    const response = await tabRequest(bot, `/api/tab/jobs/${jobId}/status`, { body: { status: 'offer' }, headers: auth(ada, { aud: 'someone-else' }) });

    expect(response.status).toBe(401);
    expect((await jobsOf(ada)).find((j) => j._id === (jobId as never))).toMatchObject({ status: 'saved' });
  });

  test('when Bob names Ada\'s job in any call, then it is not found for him and Ada\'s job, notes and journey stay as they were', async () => {
    const adaJob = await jobIdOf(ada, 'Senior Backend Engineer');
    const bobJob = await jobIdOf(bob, 'Site Reliability Engineer');
    const noted = await tabRequest(bot, `/api/tab/jobs/${adaJob}/notes`, { body: { text: 'only for Ada' }, headers: auth(ada) });
    const adaNote = noted.body.notes[0].id;
    const eventsBefore = await events({ userKey: userKeyOf(ada) });

    const attempts = [
      await tabRequest(bot, `/api/tab/jobs/${adaJob}`, { headers: auth(bob) }),
      await tabRequest(bot, `/api/tab/jobs/${adaJob}/status`, { body: { status: 'rejected' }, headers: auth(bob) }),
      await tabRequest(bot, `/api/tab/jobs/${adaJob}/notes`, { body: { text: 'written by Bob' }, headers: auth(bob) }),
      await tabRequest(bot, `/api/tab/jobs/${adaJob}/notes/${encodeURIComponent(adaNote)}`, { method: 'DELETE', headers: auth(bob) }),
      await tabRequest(bot, `/api/tab/jobs/${bobJob}/notes/${encodeURIComponent(adaNote)}`, { method: 'DELETE', headers: auth(bob) }),
      await tabRequest(bot, '/api/tab/compare', { body: { jobIds: [adaJob, bobJob] }, headers: auth(bob) }),
    ];

    expect(attempts.map((a) => [a.status, a.body.error?.code])).toEqual([
      [404, 'JOB_NOT_FOUND'],
      [404, 'JOB_NOT_FOUND'],
      [404, 'JOB_NOT_FOUND'],
      [404, 'JOB_NOT_FOUND'],
      [404, 'NOTE_NOT_FOUND'],
      [404, 'JOB_NOT_FOUND'],
    ]);
    expect((await jobsOf(ada)).find((j) => j._id === (adaJob as never))).toMatchObject({ status: 'saved' });
    expect(await events({ userKey: userKeyOf(ada) })).toEqual(eventsBefore);
    expect(await events({ userKey: userKeyOf(bob), type: { $in: ['note', 'status'] } })).toEqual([]);
    const detail = await tabRequest(bot, `/api/tab/jobs/${adaJob}`, { headers: auth(ada) });
    expect(detail.body.notes.map((n: any) => n.text)).toEqual(['only for Ada']);
  });

  test('when the same user signs in from another tenant, then they have a different key and none of the first tenant\'s jobs', async () => {
    const elsewhere = entraUser('Ada Lovelace', OTHER_TENANT, ada.aadObjectId);

    const response = await tabRequest(bot, '/api/tab/jobs', { headers: auth(elsewhere) });

    expect(response.status).toBe(200);
    expect(response.body.jobs).toEqual([]);
  });

  test('when a status is changed and a note added from the tab, then the job\'s journey records them once, as the bot\'s own changes', async () => {
    const jobId = await jobIdOf(ada, 'Data Analyst');
    const retry = { ...auth(ada), 'X-Request-Id': 'b7c9e0f1-2a3b-4c5d-8e6f-7a8b9c0d1e2f' };

    const applied = await tabRequest(bot, `/api/tab/jobs/${jobId}/status`, { body: { status: 'applied' }, headers: retry });
    await tabRequest(bot, `/api/tab/jobs/${jobId}/status`, { body: { status: 'applied' }, headers: retry }); // the page retried
    const interviewing = await tabRequest(bot, `/api/tab/jobs/${jobId}/status`, { body: { status: 'interviewing' }, headers: auth(ada) });
    const noted = await tabRequest(bot, `/api/tab/jobs/${jobId}/notes`, { body: { text: 'Recruiter call: "next round", Friday, 10:00' }, headers: auth(ada) });

    expect(applied.status).toBe(200);
    expect(applied.body.job.status).toBe('applied');
    expect(interviewing.body.statuses.filter((s: any) => s.suggested).map((s: any) => s.status)).toEqual(['offer', 'rejected', 'withdrawn', 'ghosted']);
    expect(noted.status).toBe(200);
    const stored = await events({ userKey: userKeyOf(ada), jobId });
    expect(stored.filter((e) => e.type === 'status').map((e) => e.data)).toEqual([{ from: 'saved', to: 'applied' }, { from: 'applied', to: 'interviewing' }]);
    expect(stored.filter((e) => e.type === 'note').map((e) => e.data.text)).toEqual(['Recruiter call: "next round", Friday, 10:00']);
    const timeline = noted.body.timeline.map((entry: any) => entry.what);
    expect(timeline).toEqual(['Saved to your collection', 'Saved → Applied', 'Applied → Interviewing', 'Note: Recruiter call: "next round", Friday, 10:00']);
    const { body } = await tabRequest(bot, '/api/tab/jobs', { headers: auth(ada) });
    expect(body.pipeline.funnel.map((s: any) => s.count)).toEqual([3, 1, 1, 0]);
    expect(body.pipeline.response).toEqual({ applied: 1, responded: 1, rate: 1 });
  });

  test('when a change is not valid, then the API says why with a catalogue code and changes nothing', async () => {
    const jobId = await jobIdOf(ada, 'Senior Backend Engineer');
    const before = await events({ userKey: userKeyOf(ada), jobId });

    const answers = [
      await tabRequest(bot, `/api/tab/jobs/${jobId}/status`, { body: { status: 'hired' }, headers: auth(ada) }),
      await tabRequest(bot, `/api/tab/jobs/${jobId}/notes`, { body: { text: '   ' }, headers: auth(ada) }),
      await tabRequest(bot, `/api/tab/jobs/${jobId}/notes`, { body: { text: 'x'.repeat(2001) }, headers: auth(ada) }),
      await tabRequest(bot, `/api/tab/jobs/${jobId}/notes`, { body: { text: 'y'.repeat(20_000) }, headers: auth(ada) }),
      await tabRequest(bot, `/api/tab/jobs/${jobId}/notes`, { body: 'text=hello', headers: { ...auth(ada), 'Content-Type': 'application/x-www-form-urlencoded' } }),
      await tabRequest(bot, `/api/tab/jobs/${jobId}/notes`, { body: '{not json', headers: auth(ada) }),
      await tabRequest(bot, '/api/tab/compare', { body: { jobIds: [jobId] }, headers: auth(ada) }),
      await tabRequest(bot, '/api/tab/jobs/not-a-job-id', { headers: auth(ada) }),
    ];

    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual([
      [400, 'BAD_STATUS'],
      [400, 'NOTE_EMPTY'],
      [400, 'NOTE_TOO_LONG'],
      [413, 'TAB_BODY_TOO_LARGE'],
      [400, 'TAB_BAD_REQUEST'],
      [400, 'TAB_BAD_REQUEST'],
      [400, 'COMPARE_COUNT'],
      [404, 'TAB_BAD_REQUEST'],
    ]);
    expect(await events({ userKey: userKeyOf(ada), jobId })).toEqual(before);
  });

  test('when 2 jobs are compared from the tab, then the answer has the bot\'s comparison rows with the best pay marked', async () => {
    const contoso = await jobIdOf(ada, 'Senior Backend Engineer');
    const fabrikam = await jobIdOf(ada, 'Data Analyst');

    const { status, body } = await tabRequest(bot, '/api/tab/compare', { body: { jobIds: [contoso, fabrikam] }, headers: auth(ada) });

    expect(status).toBe(200);
    expect(body.jobs.map((j: any) => j.title)).toEqual(['Senior Backend Engineer', 'Data Analyst']);
    const row = (label: string) => body.rows.find((r: any) => r.label === label);
    expect(row('Company').cells.map((c: any) => c.text)).toEqual(['Contoso', 'Fabrikam, Inc.']);
    expect(row('Status').cells.map((c: any) => c.text)).toEqual(['Saved', 'Interviewing']);
    expect(row('Salary / year').cells.map((c: any) => [c.text, c.best])).toEqual([['EUR 80,000 – 95,000 a year', false], ['EUR 90,000 – 110,000 a year', true]]);
  });

  test('when the tab asks for an export link, then the link downloads a CSV of that user\'s jobs, safe to open in a spreadsheet', async () => {
    const link = await tabRequest(bot, '/api/tab/export-link', { body: {}, headers: auth(ada) });
    expect(link.status).toBe(200);
    expect(link.body.url).toMatch(/^\/api\/tab\/export\.csv\?token=[\w-]+\.[\w-]{43}$/);
    const expiresIn = Date.parse(link.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);

    const csv = await tabRequest(bot, link.body.url);

    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="job-tracker-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Title,Company,Location,Remote,Employment type,Salary min,Salary max,Salary currency,Salary unit,Posted,Expires,Status,URL,Created,Status changed,Events,Last change');
    expect(lines.filter(Boolean)).toHaveLength(1 + adaJobs.length);
    expect(csv.text).toContain('Data Analyst,"Fabrikam, Inc.","Austin, TX",hybrid,Full-time,90000,110000,EUR,year,,,Interviewing,,');
    expect(lines).toContainEqual(expect.stringMatching(/^'=cmd\|' \/C calc'!A0,Northwind,"Lisbon, Portugal",/));
    expect(csv.text).not.toContain('Site Reliability Engineer'); // Bob's
    expect(lines.find((l) => l.startsWith('Data Analyst'))).toMatch(/,Interviewing,.*,4,\d{4}-/); // saved, 2 status changes, a note
  });

  test('when an export link is tampered with, expired, signed with another key or missing, then it is refused with 401', async () => {
    const { body } = await tabRequest(bot, '/api/tab/export-link', { body: {}, headers: auth(ada) });
    const token = new URL(body.url, 'http://x').searchParams.get('token')!;
    const [claims, signature] = token.split('.');
    const forBob = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), sub: userKeyOf(bob) })).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    const expired = new ExportLinks({ key: SIGNING_KEY, now: () => Date.now() - 11 * 60_000 }).sign(userKeyOf(ada)).token;
    const otherKey = new ExportLinks({ key: 'another-key-another-key-another-key-0000' }).sign(userKeyOf(ada)).token;

    const answers = await Promise.all(
      [`${forBob}.${signature}`, `${claims}.${flipped}`, expired, otherKey, '', 'not-a-token'].map((t) => tabRequest(bot, `/api/tab/export.csv?token=${encodeURIComponent(t)}`)),
    );

    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual(Array(6).fill([401, 'EXPORT_LINK_INVALID']));
    // A valid token that has not expired still works (the refusals above were about the token, not the route).
    expect((await tabRequest(bot, `/api/tab/export.csv?token=${token}`)).status).toBe(200);
  });
});

describe('the tab API in local mode: the development identity, and export from the chat', () => {
  const devUser = entraUser('Dev User', TENANT, '1a2b3c4d-0000-4000-8000-00000000d0d0');
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ TAB_DEV_USER_KEY: userKeyOf(devUser), SCHEDULER_ENABLED: 'false' });
    await bot.say(devUser, pastedPosting(adaJobs[0]));
    await bot.say(devUser, pastedPosting(adaJobs[1]));
  });
  afterAll(async () => {
    await bot?.dispose();
  });

  const dev = { 'X-Dev-Identity': '1' };

  test('when the page asks for the development identity in local mode, then it gets the configured user\'s jobs', async () => {
    const response = await tabRequest(bot, '/api/tab/jobs', { headers: dev });

    expect(response.status).toBe(200);
    expect(response.body.dev).toBe(true);
    expect(response.body.jobs.map((j: any) => j.company).sort()).toEqual(['Contoso', 'Fabrikam, Inc.']);
  });

  test('when a local request has neither a token nor the development header, then it is refused', async () => {
    expect((await tabRequest(bot, '/api/tab/jobs')).status).toBe(401);
  });

  test('when a token is sent in local mode and fails, then there is no falling back to the development identity', async () => {
    expect((await tabRequest(bot, '/api/tab/jobs', { headers: { ...dev, Authorization: 'Bearer abc.def.ghi' } })).status).toBe(401);
  });

  test('when the development header arrives under a name other than loopback (a DNS-rebound page), then it is refused', async () => {
    const { port } = new URL(bot.app.url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/api/tab/jobs', headers: { ...dev, Host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      request.on('error', reject);
      request.end();
    });

    expect(status).toBe(401);
  });

  test('when a status is changed in the tab, then the bot\'s timeline card for the job shows it', async () => {
    const { body } = await tabRequest(bot, '/api/tab/jobs', { headers: dev });
    const contoso = body.jobs.find((j: any) => j.company === 'Contoso');

    await tabRequest(bot, `/api/tab/jobs/${contoso.id}/status`, { body: { status: 'applied' }, headers: dev });
    await tabRequest(bot, `/api/tab/jobs/${contoso.id}/notes`, { body: { text: 'Sent the portfolio' }, headers: dev });
    const timeline = cardText(await bot.click(devUser, 'job.timeline', { postingId: contoso.postingId }));

    expect(timeline).toContain('Saved → Applied');
    expect(timeline).toContain('Note: Sent the portfolio');
  });

  test('when the user says "export" in the chat, then the card links to a CSV of their jobs on this server', async () => {
    const [reply] = await bot.say(devUser, 'export');
    const card = cardOf(reply);
    const url = card.actions.find((a: any) => a.type === 'Action.OpenUrl').url as string;

    expect(cardText(card)).toContain('works for 10 minutes');
    expect(url.startsWith(`${bot.app.url}/api/tab/export.csv?token=`)).toBe(true);
    const csv = await fetch(url);
    const text = await csv.text();
    expect(csv.status).toBe(200);
    expect(text).toContain('Senior Backend Engineer,Contoso,"Berlin, Germany",hybrid,Full-time,80000,95000,EUR,year');
    expect(text).toContain(',Applied,');
  });

  test('when another user says "export", then their link downloads only their own jobs', async () => {
    const other = entraUser('Other', TENANT, '1a2b3c4d-0000-4000-8000-00000000e0e0');
    await bot.say(other, pastedPosting(bobJobs[0]));
    const [reply] = await bot.say(other, 'export');
    const url = cardOf(reply).actions.find((a: any) => a.type === 'Action.OpenUrl').url as string;

    const text = await (await fetch(url)).text();

    expect(text).toContain('Site Reliability Engineer');
    expect(text).not.toContain('Contoso');
  });
});
