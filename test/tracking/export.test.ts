import { contentId } from '../../src/postings/canonicalUrl';
import type { Posting } from '../../src/postings/posting';
import { MongoPostingRepository } from '../../src/postings/postingRepository';
import { MongoEventRepository } from '../../src/tracking/events';
import { buildExportCsv, csvCell, EXPORT_COLUMNS, exportRow, readCollection, toCsv, type CollectedJob } from '../../src/tracking/export';
import { MongoTrackedJobRepository } from '../../src/tracking/mongoTrackedJobRepository';
import type { TrackedJob } from '../../src/tracking/trackedJob';
import { trackedJobId } from '../../src/tracking/trackingService';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Parses RFC 4180 text the way a spreadsheet does (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('the text does not end with CRLF');
  return rows;
}

const posting = (overrides: Partial<Posting> = {}): Posting => ({
  id: 'p'.repeat(32),
  source: 'jsonld',
  url: 'https://jobs.example/1',
  canonicalUrl: 'https://jobs.example/1',
  title: 'Platform Engineer',
  company: 'Contoso',
  location: { text: 'Berlin, Germany' },
  remote: 'hybrid',
  employmentType: 'FULL_TIME',
  salary: { min: 70000, max: 90000, currency: 'EUR', unit: 'year' },
  datePosted: new Date('2026-11-01T00:00:00Z'),
  validThrough: new Date('2026-12-31T00:00:00Z'),
  fetchedAt: new Date('2026-11-02T10:00:00Z'),
  lastCheckedAt: new Date('2026-11-02T10:00:00Z'),
  open: true,
  ...overrides,
});

const job = (overrides: Partial<TrackedJob> = {}): TrackedJob => ({
  id: 'j'.padEnd(24, '0'),
  userKey: 'tenant:user',
  postingId: 'p'.repeat(32),
  status: 'applied',
  title: 'Platform Engineer',
  company: 'Contoso',
  createdAt: new Date('2026-11-02T10:00:00Z'),
  updatedAt: new Date('2026-11-03T09:30:00Z'),
  statusChangedAt: new Date('2026-11-03T09:30:00Z'),
  ...overrides,
});

describe('CSV cells: RFC 4180 quoting and formula injection', () => {
  const cases: Array<[string, string, string]> = [
    ['plain text stays as it is', 'Contoso', 'Contoso'],
    ['an empty cell stays empty', '', ''],
    ['a comma is quoted', 'Berlin, Germany', '"Berlin, Germany"'],
    ['a quote is doubled and quoted', 'The "best" job', '"The ""best"" job"'],
    ['a line feed is quoted', 'line one\nline two', '"line one\nline two"'],
    ['a CRLF inside is quoted', 'a\r\nb', '"a\r\nb"'],
    ['= starts a formula: prefixed', '=HYPERLINK("https://evil.example","click")', `"'=HYPERLINK(""https://evil.example"",""click"")"`],
    ['+ starts a formula: prefixed', '+1+2', "'+1+2"],
    ['- starts a formula: prefixed', '-2+3', "'-2+3"],
    ['@ starts a formula: prefixed', '@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['a leading tab is prefixed', '\t=1+1', "'\t=1+1"],
    ['a leading carriage return is prefixed and quoted', '\r=1+1', `"'\r=1+1"`],
    ['a formula character later in the text is harmless', 'C++ / C# developer, 50% remote', '"C++ / C# developer, 50% remote"'],
    ['a formula with a comma is prefixed and quoted', '=SUM(1,2)', `"'=SUM(1,2)"`],
  ];

  test.each(cases)('when %s, then the cell is written safely', (_name, input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  test.each(cases)('when %s, then a spreadsheet reads the value back (with the guard quote where one was needed)', (_name, input) => {
    const [[cell]] = parseCsv(toCsv([[input]]));
    expect(cell).toBe(/^[=+\-@\t\r]/.test(input) ? `'${input}` : input);
  });
});

describe('the export rows', () => {
  test('when a collection is exported, then the header names every field, events and last change, in order', () => {
    const [header] = parseCsv(buildExportCsv([]));

    expect(header).toEqual([
      'Title', 'Company', 'Location', 'Remote', 'Employment type',
      'Salary min', 'Salary max', 'Salary currency', 'Salary unit',
      'Posted', 'Expires', 'Status', 'URL', 'Created', 'Status changed', 'Events', 'Last change',
    ]);
  });

  test('when a job is exported, then each column holds its value: dates as ISO, calendar dates as days, status as its label', () => {
    const collected: CollectedJob = { job: job(), posting: posting(), eventCount: 3, lastChangeAt: new Date('2026-11-04T08:15:30.250Z'), statusHistory: ['saved', 'applied'] };

    const row = Object.fromEntries(EXPORT_COLUMNS.map((column, i) => [column, exportRow(collected)[i]]));

    expect(row).toEqual({
      Title: 'Platform Engineer',
      Company: 'Contoso',
      Location: 'Berlin, Germany',
      Remote: 'hybrid',
      'Employment type': 'FULL_TIME',
      'Salary min': '70000',
      'Salary max': '90000',
      'Salary currency': 'EUR',
      'Salary unit': 'year',
      Posted: '2026-11-01',
      Expires: '2026-12-31',
      Status: 'Applied',
      URL: 'https://jobs.example/1',
      Created: '2026-11-02T10:00:00Z',
      'Status changed': '2026-11-03T09:30:00Z',
      Events: '3',
      'Last change': '2026-11-04T08:15:30Z',
    });
  });

  test('when a posting gives no salary, dates or remote kind, then those cells are empty rather than guessed', () => {
    const bare = posting({ salary: undefined, datePosted: undefined, validThrough: undefined, remote: 'unknown', employmentType: undefined, location: undefined });

    const row = exportRow({ job: job(), posting: bare, eventCount: 1, lastChangeAt: new Date('2026-11-02T10:00:00Z'), statusHistory: ['saved'] });

    expect(row.slice(2, 11)).toEqual(['', '', '', '', '', '', '', '', '']);
  });

  test('when a posting title is a formula and the company has a comma, then the whole file still parses to one safe row per job', () => {
    const hostile = posting({ title: '=cmd|\' /C calc\'!A0', company: 'Fabrikam, "Inc."\nBerlin' });
    const text = buildExportCsv([{ job: job(), posting: hostile, eventCount: 1, lastChangeAt: new Date(), statusHistory: ['applied'] }]);

    const rows = parseCsv(text);

    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveLength(EXPORT_COLUMNS.length);
    expect(rows[1][0]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[1][1]).toBe('Fabrikam, "Inc."\nBerlin');
    expect(text.endsWith('\r\n')).toBe(true);
  });
});

describe('reading a whole collection page by page', () => {
  let database: TestDatabase;
  let source: { jobs: MongoTrackedJobRepository; postings: MongoPostingRepository; events: MongoEventRepository };

  beforeAll(async () => {
    database = await createTestDatabase();
    source = { jobs: new MongoTrackedJobRepository(database.db), postings: new MongoPostingRepository(database.db), events: new MongoEventRepository(database.db) };
    for (const repository of Object.values(source)) await repository.ensureIndexes();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  /** Saves `count` jobs for the user, oldest first; returns their ids. */
  async function seed(userKey: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const url = `https://jobs.example/${encodeURIComponent(userKey)}/${i}`;
      const postingId = contentId(url);
      await source.postings.save(posting({ id: postingId, url, canonicalUrl: url, title: `Job ${i}` }));
      const id = trackedJobId(userKey, postingId);
      const created = new Date(Date.UTC(2026, 10, 1, 0, i));
      await source.jobs.insertOnce(job({ id, userKey, postingId, title: `Job ${i}`, createdAt: created, updatedAt: created, statusChangedAt: created, status: 'saved' }));
      await source.events.append({ id: `captured:${id}`, userKey, jobId: id, type: 'captured', at: created, data: { status: 'saved' } });
      ids.push(id);
    }
    return ids;
  }

  test('when a user has more jobs than a page, then every job is read once, newest first, with its events, and nobody else\'s', async () => {
    const [firstJob] = await seed('tenant-a:ada', 7);
    await seed('tenant-b:bob', 3);
    await source.events.append({ id: 'status:1', userKey: 'tenant-a:ada', jobId: firstJob, type: 'status', at: new Date('2026-11-05T12:00:00Z'), data: { from: 'saved', to: 'applied' } });

    const { jobs, total, truncated } = await readCollection(source, 'tenant-a:ada', { pageSize: 3 });

    expect(total).toBe(7);
    expect(truncated).toBe(false);
    expect(jobs.map((j) => j.job.title)).toEqual(['Job 6', 'Job 5', 'Job 4', 'Job 3', 'Job 2', 'Job 1', 'Job 0']);
    expect(jobs.every((j) => j.job.userKey === 'tenant-a:ada')).toBe(true);
    const first = jobs.find((j) => j.job.id === firstJob)!;
    expect(first.eventCount).toBe(2);
    expect(first.lastChangeAt.toISOString()).toBe('2026-11-05T12:00:00.000Z');
    expect(first.statusHistory).toEqual(['saved', 'applied', 'saved']); // the job document itself still says saved
  });

  test('when the collection is larger than the cap, then the newest jobs are read and the result says it was cut', async () => {
    const { jobs, total, truncated } = await readCollection(source, 'tenant-a:ada', { pageSize: 2, maxJobs: 5 });

    expect(jobs).toHaveLength(5);
    expect(total).toBe(7);
    expect(truncated).toBe(true);
  });
});
