import { jobCard } from '../../src/cards/jobCard';
import { errorCard, helpCard } from '../../src/cards/messageCards';
import { AppError, errorCatalogue, type ErrorCode } from '../../src/errors';
import type { Posting } from '../../src/postings/posting';
import type { JobView } from '../../src/tracking/trackingService';
import { cardProblems, cardText } from '../support/cards';

const posting: Posting = {
  id: 'p1',
  source: 'jsonld',
  url: 'https://careers.contoso.example/jobs/42',
  canonicalUrl: 'https://careers.contoso.example/jobs/42',
  title: 'Senior Platform Engineer',
  company: 'Contoso Ltd',
  location: { text: 'Berlin, Germany', city: 'Berlin', country: 'DE' },
  remote: 'hybrid',
  employmentType: 'Full-time',
  salary: { min: 85000, max: 105000, currency: 'EUR', unit: 'year' },
  datePosted: new Date('2026-11-02T00:00:00Z'),
  validThrough: new Date('2026-12-31T23:59:00Z'),
  description: 'Build the platform.',
  fetchedAt: new Date(),
  lastCheckedAt: new Date(),
  open: true,
};
const now = new Date('2026-11-20T10:00:00Z');
const view: JobView = {
  job: { id: 'j1', userKey: 'u', postingId: 'p1', status: 'saved', title: 'Senior Platform Engineer', company: 'Contoso Ltd', createdAt: now, updatedAt: now, statusChangedAt: now },
  posting,
  created: true,
};

describe('cards render from their templates and parse cleanly', () => {
  test('when a job card is rendered, then it shows every fact, parses without warnings and stays small', () => {
    const card = jobCard(view, { timeZone: 'America/New_York' });

    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    for (const expected of ['Senior Platform Engineer', 'Contoso Ltd', 'Location: Berlin, Germany', 'Remote: Hybrid', 'Salary: EUR 85,000 – 105,000 a year', 'Type: Full-time', 'Posted: 2 Nov 2026', 'Expires: 31 Dec 2026', 'Status: **Saved**']) {
      expect(text).toContain(expected);
    }
    expect(JSON.stringify(card).length).toBeLessThan(40_000);
  });

  test('when a posting has only a title, then the card leaves out the missing facts instead of showing blanks', () => {
    const bare: JobView = { ...view, posting: { ...posting, company: undefined, location: undefined, remote: 'unknown', salary: undefined, employmentType: undefined, datePosted: undefined, validThrough: undefined } };

    const card = jobCard(bare);

    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).not.toMatch(/Location|Salary|Remote|Posted|Expires|undefined/);
  });

  test('when posting text carries markdown, template expressions or huge strings, then the card shows it literally and stays under 40 KB', () => {
    const hostile: JobView = {
      ...view,
      posting: { ...posting, title: '**Urgent** [click](https://evil.example) ${job.secret}', company: 'x'.repeat(10_000), location: { text: '[home](javascript:alert(1))' } },
    };

    const card = jobCard(hostile);
    const json = JSON.stringify(card);

    expect(cardProblems(card)).toEqual([]);
    expect(json.length).toBeLessThan(40_000);
    expect(cardText(card)).toContain('**Urgent** [click](https://evil.example) ${job.secret}'); // a TextRun: never markdown
    expect(cardText(card)).toContain('Location: \\[home\\]\\(javascript:alert\\(1\\)\\)'); // a fact value: escaped
  });

  test('when the help card is rendered, then it lists the commands and parses cleanly', () => {
    const card = helpCard([{ example: 'help', does: 'Show this list' }], 'Paste a link to start.');

    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('help: Show this list');
  });

  test.each(Object.keys(errorCatalogue) as ErrorCode[])('when the error %s is shown, then its card parses cleanly and carries the catalogue sentence', (code) => {
    const card = errorCard(new AppError(code), 'https://example.com/job');

    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card).replace(/\\/g, '')).toContain(errorCatalogue[code]);
  });
});
