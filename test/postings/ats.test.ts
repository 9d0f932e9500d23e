import { readFileSync } from 'node:fs';
import path from 'node:path';
import { atsRouteFor, extractFromAtsDocument } from '../../src/postings/ats';
import { isTrackingParam } from '../../src/postings/trackingParams';
import { extractedPostingSchema, MAX_DESCRIPTION_CHARS, type ExtractedPosting, type Location, type Salary } from '../../src/postings/posting';

const FIXTURES = path.join(__dirname, '../fixtures/postings');

/** What a fixture's expected file says, read off the document by hand. `null` means "must be absent". */
interface ExpectedPosting {
  select: string | number | null;
  pageUrl: string | null;
  source: string;
  url: string;
  title: string | null;
  company: string | null;
  location: Location | null;
  remote: string;
  employmentType: string | null;
  salary: Salary | null;
  datePosted: string | number | null;
  validThrough: string | number | null;
  descriptionIncludes: string[] | null;
  sections: string[] | null;
  sectionIncludes?: Record<string, string>;
}

interface ExpectedNotJob {
  select: string | number | null;
  pageUrl: string | null;
  notJob: 'listing';
}

type Expected = ExpectedPosting | ExpectedNotJob;

/** A fixture as the CLI gets it: parsed JSON, or the XML text. */
function loadDocument(file: string): unknown {
  const raw = readFileSync(path.join(FIXTURES, file), 'utf8');
  return file.endsWith('.xml') ? raw : JSON.parse(raw);
}

function loadExpected(file: string): Expected {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'expected', `${file}.json`), 'utf8')) as Expected;
}

function extractFixture(file: string, expected: Expected): ExtractedPosting | undefined {
  return extractFromAtsDocument(loadDocument(file), {
    pageUrl: expected.pageUrl ?? undefined,
    select: expected.select === null ? undefined : String(expected.select),
  });
}

function asDate(value: string | number | null): Date | undefined {
  return value === null ? undefined : new Date(value);
}

/** Every field of the expected file, compared with the extractor's answer. */
function expectPosting(actual: ExtractedPosting | undefined, expected: ExpectedPosting): void {
  expect(actual).toBeDefined();
  const posting = actual as ExtractedPosting;
  expect(extractedPostingSchema.safeParse(posting).success).toBe(true);
  expect(posting.source).toBe(expected.source);
  expect(posting.url).toBe(expected.url);
  expect(posting.title).toBe(expected.title ?? undefined);
  expect(posting.company).toBe(expected.company ?? undefined);
  expect(posting.location).toEqual(expected.location ?? undefined);
  expect(posting.remote).toBe(expected.remote);
  expect(posting.employmentType).toBe(expected.employmentType ?? undefined);
  expect(posting.salary).toEqual(expected.salary ?? undefined);
  expect(posting.datePosted).toEqual(asDate(expected.datePosted));
  expect(posting.validThrough).toEqual(asDate(expected.validThrough));
  expectDescription(posting.description, expected.descriptionIncludes);
  expect(posting.sections === undefined ? null : Object.keys(posting.sections)).toEqual(expected.sections);
  for (const [key, phrase] of Object.entries(expected.sectionIncludes ?? {})) {
    expect(posting.sections?.[key]?.some((line) => line.includes(phrase))).toBe(true);
  }
}

function expectDescription(description: string | undefined, phrases: string[] | null): void {
  if (phrases === null) {
    expect(description).toBeUndefined();
    return;
  }
  for (const phrase of phrases) expect(description).toContain(phrase);
  // Plain text: no tags and no character references left from the HTML.
  expect(description).not.toMatch(/<\/?[a-z][a-z0-9]*[\s>/]|&(lt|gt|amp|quot|nbsp|#\d+|#x[0-9a-f]+);/i);
}

const FIXTURE_CASES: { file: string; behaviour: string }[] = [
  { file: '12-greenhouse-api-anthropic.json', behaviour: 'when the Greenhouse board API answers with entity-escaped HTML for an Anthropic job, then title, company, office location, the "Remote" location type and a plain-text description come from it' },
  { file: '13-greenhouse-api-discord.json', behaviour: 'when the Greenhouse API answers for a Discord job whose pay is only written in the text, then the job is read and no salary is invented' },
  { file: '14-greenhouse-api-stripe-nocontent.json', behaviour: 'when a Greenhouse board answer has no content for a Stripe job, then title (trimmed), company, location and date come from it and there is no description' },
  { file: '15-lever-api-15five.json', behaviour: 'when the Lever API answers for a 15Five posting, then title, location, commitment, the yearly salary range and the lists as sections come from it' },
  { file: '16-lever-api-spotify.json', behaviour: 'when the Lever API answers for a Spotify posting, then title, both locations, the remote workplace type and the lists as sections come from it, with no salary' },
  { file: '17-ashby-api-ramp.json', behaviour: 'when the Ashby board API answers for a Ramp job, then the hybrid workplace type wins over isRemote and the salary component gives the pay range' },
  { file: '18-ashby-api-etched.json', behaviour: 'when the Ashby board API answers for an Etched job without compensation, then title, address parts and on-site come from it and there is no salary' },
  { file: '19-smartrecruiters-api-visa-posting.json', behaviour: 'when the SmartRecruiters API answers for a Visa posting, then the jobAd sections become plain-text sections and the hybrid flag says hybrid' },
  { file: '20-smartrecruiters-api-allegro-list.json', behaviour: 'when an old SmartRecruiters list is read with select, then the Allegro entry is read and its page URL is the public job page' },
  { file: '21-smartrecruiters-api-wd-list.json', behaviour: 'when a SmartRecruiters list is read with select, then the Western Digital entry is read and false remote and hybrid flags mean on site' },
  { file: '22-workday-api-jobpostinginfo.json', behaviour: 'when the Workday cxs API answers with jobPostingInfo, then title, employer, location, time type and start date come from it and the text-only salary is not invented' },
  { file: '23-workday-api-nvidia-search.json', behaviour: 'when a Workday search answer lists many jobs, then it is not read as one job' },
  { file: '24-workable-api-zaelab.json', behaviour: 'when a Workable widget lists one shortcode once per country, then it is one remote job in both countries' },
  { file: '25-recruitee-api-offers.json', behaviour: 'when the Recruitee offers API is read with select, then the string salary figures become numbers and the hybrid flag says hybrid' },
  { file: '26-bamboohr-api-list.json', behaviour: 'when a BambooHR list is read with select, then title, city and state, employment status and location type come from it' },
  { file: '27-personio-xml-feed.xml', behaviour: 'when a Personio XML feed lists a position twice, then it is read once with both offices, its subcompany and its schedule' },
  { file: '28-teamtailor-jsonfeed.json', behaviour: 'when a Teamtailor JSON feed is read with select, then title, address and date come from the item and its schema.org posting' },
  { file: '29-linkedin-voyager-jobposting.json', behaviour: 'when a LinkedIn Voyager jobPosting is read, then title, company, location, remote and the list items of its attributed text come from it' },
];

describe('reading ATS API documents', () => {
  test.each(FIXTURE_CASES)('$behaviour', ({ file }) => {
    const expected = loadExpected(file);

    const actual = extractFixture(file, expected);

    if ('notJob' in expected) expect(actual).toBeUndefined();
    else expectPosting(actual, expected);
  });

  test('when a board list holds several jobs and nothing says which, then no job is picked', () => {
    const board = loadDocument('12-greenhouse-api-anthropic.json');

    expect(extractFromAtsDocument(board)).toBeUndefined();
  });

  test('when only the page URL names the job, then the job is picked from the list by the id in that URL', () => {
    const postings = loadDocument('16-lever-api-spotify.json');

    const posting = extractFromAtsDocument(postings, { pageUrl: 'https://jobs.lever.co/spotify/08d82da1-0c72-44d1-91eb-7fa22dee3d39' });

    expect(posting?.title).toBe('Analytics Engineer II');
    expect(posting?.remote).toBe('hybrid');
  });

  test('when select names a job the list does not hold, then there is no posting', () => {
    const board = loadDocument('17-ashby-api-ramp.json');

    expect(extractFromAtsDocument(board, { select: '00000000-0000-0000-0000-000000000000' })).toBeUndefined();
  });

  test('when a document has no ATS shape and no known page URL, then there is no posting', () => {
    expect(extractFromAtsDocument({ hello: 'world' }, { pageUrl: 'https://example.com/careers/1' })).toBeUndefined();
    expect(extractFromAtsDocument('<rss><channel/></rss>')).toBeUndefined();
  });

  test('when a description is longer than the cap, then it is cut to MAX_DESCRIPTION_CHARS', () => {
    const job = { id: 1, title: 'Long', absolute_url: 'https://job-boards.greenhouse.io/acme/jobs/1', content: `<p>${'word '.repeat(30_000)}</p>` };

    const posting = extractFromAtsDocument(job);

    expect(posting?.description?.length).toBe(MAX_DESCRIPTION_CHARS);
  });
});

/** Page URL → [ATS, API URL], written by hand from each ATS's documented URL shapes. */
const ROUTES: [string, string, string][] = [
  ['https://boards.greenhouse.io/anthropic/jobs/5311686008', 'greenhouse', 'https://boards-api.greenhouse.io/v1/boards/anthropic/jobs/5311686008?pay_transparency=true'],
  ['https://job-boards.greenhouse.io/discord/jobs/8440707002/', 'greenhouse', 'https://boards-api.greenhouse.io/v1/boards/discord/jobs/8440707002?pay_transparency=true'],
  ['https://BOARDS.GREENHOUSE.IO/anthropic/jobs/5311686008', 'greenhouse', 'https://boards-api.greenhouse.io/v1/boards/anthropic/jobs/5311686008?pay_transparency=true'],
  ['https://job-boards.eu.greenhouse.io/finnapp/jobs/4412345101?gh_src=abc', 'greenhouse', 'https://boards-api.eu.greenhouse.io/v1/boards/finnapp/jobs/4412345101?pay_transparency=true'],
  ['https://boards.eu.greenhouse.io/acme/jobs/123', 'greenhouse', 'https://boards-api.eu.greenhouse.io/v1/boards/acme/jobs/123?pay_transparency=true'],
  ['https://boards.greenhouse.io/embed/job_app?for=stripe&token=8077887', 'greenhouse', 'https://boards-api.greenhouse.io/v1/boards/stripe/jobs/8077887?pay_transparency=true'],
  ['https://job-boards.greenhouse.io/embed/job_app?token=8077887&for=stripe&utm_source=x', 'greenhouse', 'https://boards-api.greenhouse.io/v1/boards/stripe/jobs/8077887?pay_transparency=true'],
  ['https://job-boards.greenhouse.io/stripe?gh_jid=8077887', 'greenhouse', 'https://boards-api.greenhouse.io/v1/boards/stripe/jobs/8077887?pay_transparency=true'],
  ['https://jobs.lever.co/15five/22a4bb44-66c7-4238-82cb-eb6fe1fc41c7', 'lever', 'https://api.lever.co/v0/postings/15five/22a4bb44-66c7-4238-82cb-eb6fe1fc41c7'],
  ['https://jobs.lever.co/spotify/b4ad9572-e20f-4185-a284-99d9740d04f0/apply?lever-source=LinkedIn', 'lever', 'https://api.lever.co/v0/postings/spotify/b4ad9572-e20f-4185-a284-99d9740d04f0'],
  ['https://jobs.eu.lever.co/acme/0d3c0a8e-1111-4c2b-9a3e-2b6c3d4e5f60/', 'lever', 'https://api.eu.lever.co/v0/postings/acme/0d3c0a8e-1111-4c2b-9a3e-2b6c3d4e5f60'],
  ['https://jobs.ashbyhq.com/ramp/63df0ffc-bdc6-40ba-906f-fe03378536b0', 'ashby', 'https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true'],
  ['https://jobs.ashbyhq.com/Etched/7aeafe31-c2c6-43e0-bb31-01868dcfad39/application?utm_source=x', 'ashby', 'https://api.ashbyhq.com/posting-api/job-board/Etched?includeCompensation=true'],
  ['https://jobs.smartrecruiters.com/Visa/744000114542567-operations-delivery-analyst', 'smartrecruiters', 'https://api.smartrecruiters.com/v1/companies/Visa/postings/744000114542567'],
  ['https://jobs.smartrecruiters.com/WesternDigital/744000143761249/', 'smartrecruiters', 'https://api.smartrecruiters.com/v1/companies/WesternDigital/postings/744000143761249'],
  ['https://gdit.wd5.myworkdayjobs.com/External_Career_Site/job/USA-DC-Washington/Data-Engineer_RQ216675', 'workday', 'https://gdit.wd5.myworkdayjobs.com/wday/cxs/gdit/External_Career_Site/job/USA-DC-Washington/Data-Engineer_RQ216675'],
  ['https://thales.wd3.myworkdayjobs.com/fr-FR/Careers/job/Engineering-Delivery-Manager_R0228648-1', 'workday', 'https://thales.wd3.myworkdayjobs.com/wday/cxs/thales/Careers/job/Engineering-Delivery-Manager_R0228648-1'],
  ['https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite/job/US-CA-Santa-Clara/Senior-Reliability-Engineer_JR2018518/apply?source=LinkedIn', 'workday', 'https://nvidia.wd5.myworkdayjobs.com/wday/cxs/nvidia/NVIDIAExternalCareerSite/job/US-CA-Santa-Clara/Senior-Reliability-Engineer_JR2018518'],
  ['https://wd3.myworkdaysite.com/en-US/recruiting/acme/External/job/Remote/Engineer_R123', 'workday', 'https://wd3.myworkdaysite.com/wday/cxs/acme/External/job/Remote/Engineer_R123'],
  ['https://apply.workable.com/zaelab/j/DD136DD7E7/', 'workable', 'https://apply.workable.com/api/v2/accounts/zaelab/jobs/DD136DD7E7'],
  ['https://apply.workable.com/zego/j/BCEAC9B2D1/apply', 'workable', 'https://apply.workable.com/api/v2/accounts/zego/jobs/BCEAC9B2D1'],
  ['https://acme.recruitee.com/o/senior-financial-accountant', 'recruitee', 'https://acme.recruitee.com/api/offers/senior-financial-accountant'],
  ['https://acme.bamboohr.com/careers/86', 'bamboohr', 'https://acme.bamboohr.com/careers/86/detail'],
];

/** Page URLs that must not get an API route: lookalikes, non-job pages, unknown boards, bad ids. */
const NOT_ROUTES: [string, string][] = [
  ['https://boards.greenhouse.io.evil.com/anthropic/jobs/5311686008', 'a lookalike host that only starts like Greenhouse'],
  ['https://evil.com/boards.greenhouse.io/x/jobs/1', 'the Greenhouse host in the path of another site'],
  ['https://jobs.ashbyhq.com@evil.com/ramp/63df0ffc-bdc6-40ba-906f-fe03378536b0', 'the Ashby host as a user name in front of another host'],
  ['https://jobs.lever.co.attacker.net/15five/22a4bb44-66c7-4238-82cb-eb6fe1fc41c7', 'a lookalike Lever host'],
  ['https://nvidia.wd5.myworkdayjobs.com.evil.io/x/job/y', 'a lookalike Workday host'],
  ['https://boards.greenhouse.io/anthropic/jobs/abc', 'a non-numeric Greenhouse id'],
  ['https://boards.greenhouse.io/anthropic/jobs/5311686008/extra', 'more path after the Greenhouse id'],
  ['https://boards.greenhouse.io/embed/job_app?for=stripe', 'an embed URL without a token'],
  ['https://stripe.com/jobs/search?gh_jid=8077887', 'gh_jid on a company site, where the board is not in the URL'],
  ['https://boards.greenhouse.io/anthropic', 'a Greenhouse board page, not a job'],
  ['https://jobs.lever.co/15five', 'a Lever site page, not a posting'],
  ['https://jobs.lever.co/15five/not-a-posting-id', 'a Lever path whose id is not a posting id'],
  ['https://jobs.ashbyhq.com/ramp', 'an Ashby board page, not a job'],
  ['https://jobs.smartrecruiters.com/Visa', 'a SmartRecruiters company page'],
  ['https://gdit.wd5.myworkdayjobs.com/External_Career_Site', 'a Workday site search page'],
  ['https://apply.workable.com/j/DD136DD7E7', 'a Workable short link without the account'],
  ['https://www.linkedin.com/jobs/view/3967784838', 'LinkedIn, which the product never calls'],
  ['ftp://boards.greenhouse.io/anthropic/jobs/5311686008', 'a scheme other than http(s)'],
];

describe('recognising ATS job URLs', () => {
  test.each(ROUTES)('when a user pastes %s, then the %s API %s is read', (pageUrl, ats, apiUrl) => {
    const route = atsRouteFor(new URL(pageUrl));

    expect(route?.ats).toBe(ats);
    expect(route?.apiUrl).toBe(apiUrl);
  });

  test.each(NOT_ROUTES)('when a user pastes %s (%s), then no ATS API is called', (pageUrl) => {
    expect(atsRouteFor(new URL(pageUrl))).toBeUndefined();
  });
});

describe('reading an ATS API answer for a job page', () => {
  test('when the Greenhouse job API answers for the job, then the route reads it', () => {
    const board = loadDocument('12-greenhouse-api-anthropic.json') as { jobs: { id: number }[] };
    const job = board.jobs.find((j) => j.id === 5311686008);
    const route = atsRouteFor(new URL('https://job-boards.greenhouse.io/anthropic/jobs/5311686008'));

    expect(route?.parse(job)?.title).toBe('Country Lead, Data Center Security');
  });

  test('when the Greenhouse job API answers with another job or a "not found" body, then the job is not there', () => {
    const board = loadDocument('12-greenhouse-api-anthropic.json') as { jobs: { id: number }[] };
    const otherJob = board.jobs.find((j) => j.id === 5215052008);
    const route = atsRouteFor(new URL('https://job-boards.greenhouse.io/anthropic/jobs/5311686008'));

    expect(route?.parse(otherJob)).toBeUndefined();
    expect(route?.parse({ status: 404, error: 'Job not found' })).toBeUndefined();
  });

  test('when the Ashby board no longer lists the job, then the job is not there', () => {
    const route = atsRouteFor(new URL('https://jobs.ashbyhq.com/ramp/11111111-2222-4333-8444-555555555555'));

    expect(route?.parse(loadDocument('17-ashby-api-ramp.json'))).toBeUndefined();
    expect(route?.parse({ apiVersion: '1', jobs: [] })).toBeUndefined();
  });

  test('when the Ashby board lists the job, then the route picks it by the id in the page URL', () => {
    const route = atsRouteFor(new URL('https://jobs.ashbyhq.com/ramp/caf900ec-0107-436b-88bf-2bc24174e6b9'));

    const posting = route?.parse(loadDocument('17-ashby-api-ramp.json'));

    expect(posting?.title).toBe('Fraud Strategy Analyst (All Levels)');
    expect(posting?.salary).toEqual({ min: 92100, max: 220000, currency: 'USD', unit: 'year' });
  });

  test('when the Lever API answers with a different posting, then the job is not there', () => {
    const [fifteenFive] = loadDocument('15-lever-api-15five.json') as unknown[];
    const route = atsRouteFor(new URL('https://jobs.lever.co/15five/00000000-0000-4000-8000-000000000000'));

    expect(route?.parse(fifteenFive)).toBeUndefined();
  });

  test('when the Workday API answers with a search list instead of the job, then the job is not there', () => {
    const route = atsRouteFor(new URL('https://nvidia.wd5.myworkdayjobs.com/NVIDIAExternalCareerSite/job/US-CA-Santa-Clara/Senior-Reliability-Engineer_JR2018518'));

    expect(route?.parse(loadDocument('23-workday-api-nvidia-search.json'))).toBeUndefined();
  });

  test('when the SmartRecruiters API answers for the posting, then the route reads it', () => {
    const route = atsRouteFor(new URL('https://jobs.smartrecruiters.com/Visa/744000114542567-operations-delivery-analyst'));

    expect(route?.parse(loadDocument('19-smartrecruiters-api-visa-posting.json'))?.company).toBe('Visa');
  });

  test('when the SmartRecruiters API answers for another posting, then the job is not there', () => {
    const route = atsRouteFor(new URL('https://jobs.smartrecruiters.com/Visa/744000999999999'));

    expect(route?.parse(loadDocument('19-smartrecruiters-api-visa-posting.json'))).toBeUndefined();
  });
});

describe('tracking parameters', () => {
  test.each(['utm_source', 'UTM_Campaign', 'gh_src', 'lever-source', 'trk', 'refId', 'trackingId', 'fbclid', 'gclid'])(
    'when a link carries %s, then it is tracking that never changes the job',
    (name) => {
      expect(isTrackingParam(name)).toBe(true);
    },
  );

  test.each(['gh_jid', 'token', 'for', 'id', 'jobId', 'ashby_jid', 'language'])('when a link carries %s, then it may name the job and is kept', (name) => {
    expect(isTrackingParam(name)).toBe(false);
  });
});
