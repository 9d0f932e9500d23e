import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DomHandler, isTag, type ChildNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { extractFromHtml, extractFromPastedText, type ExtractOutcome } from '../../src/postings/extract';
import { parseLooseDate } from '../../src/postings/extract/dates';
import { parseHtml, scanHtml } from '../../src/postings/extract/dom';
import { findJobPostings, parseJsonLd, readJobPosting } from '../../src/postings/extract/jsonld';
import { parseSalaryText } from '../../src/postings/extract/salary';
import { decodeEntities, htmlToText, inlineText } from '../../src/postings/extract/text';
import { MAX_DESCRIPTION_CHARS, type ExtractedPosting, type Location, type Salary } from '../../src/postings/posting';

const FIXTURES = path.join(__dirname, '../fixtures/postings');

/** What a fixture's expected file says, read off the document by hand. `null` means "must be absent". */
interface ExpectedPosting {
  origin: string;
  source: string;
  title: string | null;
  company: string | null;
  location: Location | null;
  remote: string;
  employmentType: string | null;
  salary: Salary | null;
  datePosted: string | null;
  validThrough: string | null;
  description?: null;
  descriptionIncludes?: string[];
  descriptionExcludes?: string[];
  sectionNames?: string[];
}

interface ExpectedNotJob {
  origin: string;
  notJob: 'wall' | 'listing' | 'tooShort' | 'empty';
}

type Expected = ExpectedPosting | ExpectedNotJob;

const pageUrlOf = (file: string): string => `https://jobs.example.test/${encodeURIComponent(file)}`;

function readFixture(file: string): { body: string; expected: Expected } {
  const body = readFileSync(path.join(FIXTURES, file), 'utf8');
  const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected', `${file}.json`), 'utf8')) as Expected;
  return { body, expected };
}

function extractFixture(file: string, body: string): ExtractOutcome {
  return file.endsWith('.txt') ? extractFromPastedText(body) : extractFromHtml(body, pageUrlOf(file));
}

function expectPosting(outcome: ExtractOutcome): ExtractedPosting {
  if (outcome.kind !== 'posting') throw new Error(`expected a posting, got notJob (${outcome.reason})`);
  return outcome.posting;
}

/** Compares every field the expected file names; `null` there means the extractor must leave the field out. */
function expectFields(file: string, posting: ExtractedPosting, expected: ExpectedPosting): void {
  expect(posting.source).toBe(expected.source);
  expect(posting.url).toBe(file.endsWith('.txt') ? '' : pageUrlOf(file));
  expect(posting.title).toBe(expected.title ?? undefined);
  expect(posting.company).toBe(expected.company ?? undefined);
  expect(posting.location).toEqual(expected.location ?? undefined);
  expect(posting.remote).toBe(expected.remote);
  expect(posting.employmentType).toBe(expected.employmentType ?? undefined);
  expect(posting.salary).toEqual(expected.salary ?? undefined);
  expect(posting.datePosted?.toISOString()).toBe(expected.datePosted ?? undefined);
  expect(posting.validThrough?.toISOString()).toBe(expected.validThrough ?? undefined);
  if (expected.description === null) expect(posting.description).toBeUndefined();
  for (const words of expected.descriptionIncludes ?? []) expect(posting.description).toContain(words);
  for (const words of expected.descriptionExcludes ?? []) expect(posting.description).not.toContain(words);
  for (const name of expected.sectionNames ?? []) expect(Object.keys(posting.sections ?? {})).toContain(name);
}

/** Element names, attributes and text of a DOM, for comparing two parses. */
function domShape(nodes: readonly ChildNode[]): unknown[] {
  return nodes.map((node) => (isTag(node) ? [node.name, node.attribs, domShape(node.children)] : 'data' in node ? node.data : node.type));
}

/** The DOM htmlparser2 builds when its tokenizer decodes entities: what the page parser must match. */
function referenceDomShape(html: string): unknown[] {
  const handler = new DomHandler();
  new Parser(handler, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).end(html);
  return domShape(handler.root.children);
}

/** Every fixture, with the behaviour its test names. */
const FIXTURE_CASES: [file: string, behaviour: string][] = [
  ['01-linkedin-search-chennai.html', 'when a LinkedIn job search results page is read, then it is reported as a listing, not a job'],
  ['02-linkedin-login-wall.html', 'when LinkedIn serves its sign-in page instead of a job, then it is reported as a wall'],
  ['03-indeed-cloudflare-challenge.html', 'when Indeed answers with a Cloudflare "Just a moment..." challenge, then it is reported as a wall'],
  ['04-indeed-security-check.html', 'when Indeed answers with its Security Check page, then it is reported as a wall'],
  ['05-glassdoor-security-check.html', 'when Glassdoor answers with its security challenge, then it is reported as a wall'],
  ['06-workday-thales-jsonld.html', 'when the Thales Workday page is read, then title, company, location and dates come from its JSON-LD'],
  ['07-linkedin-guest-job-talan.html', 'when a LinkedIn guest job view without JSON-LD is read, then the top card, criteria and description give the posting'],
  ['08-linkedin-guest-job-secretaire.html', 'when a French LinkedIn guest job view with accents and an em dash is read, then its title and company come through intact'],
  ['09-personio-apply-comparis-rendered.html', 'when a Personio apply page is read, then title, location and type come from the page and no description is invented'],
  ['10-successfactors-hkjc-detail.html', 'when a SuccessFactors page with microdata is read, then title and description come from itemprop and the unnamed company stays unknown'],
  ['11-kyujinbox-listing.html', 'when a Japanese job search results page is read, then it is reported as a listing'],
  ['40-made-graph-organization.html', 'when JSON-LD uses @graph with the employer as a referenced Organization, then the company is resolved from it'],
  ['41-made-array-one-broken.html', 'when one ld+json block is broken and the next is a lenient array, then the posting is read and the company comes from og:site_name'],
  ['42-made-cdata-escaped-salary.html', 'when a CDATA-wrapped block has an HTML-escaped description and a salary string, then both are decoded'],
  ['43-made-telecommute-hourly.html', 'when a TELECOMMUTE posting states applicant countries and an hourly rate, then it is remote with those countries and an hourly salary'],
  ['44-made-expired-posting.html', 'when a posting has a validThrough in the past, then it is still read and the date is reported as is'],
  ['50-made-pasted-linkedin-enterprise.txt', 'when a long posting is pasted with LinkedIn page chrome around it, then the facts are read and the chrome is dropped'],
  ['51-made-pasted-too-short.txt', 'when a one-line text is pasted, then it is too short to be a posting'],
];

describe('extracting postings from real and made fixtures', () => {
  it.each(FIXTURE_CASES)('%s: %s', (file) => {
    const { body, expected } = readFixture(file);

    const outcome = extractFixture(file, body);

    if ('notJob' in expected) expect(outcome).toEqual({ kind: 'notJob', reason: expected.notJob });
    else expectFields(file, expectPosting(outcome), expected);
  });

  it('when a copied fixture has an expected file, then the expected file records where the document came from', () => {
    for (const [file] of FIXTURE_CASES) expect(readFixture(file).expected.origin).toMatch(/\S/);
  });
});

describe('loose dates', () => {
  it.each([
    ['2026-5-15', '2026-05-15T00:00:00.000Z'],
    ['2026-05-15T00:00', '2026-05-15T00:00:00.000Z'],
    ['2026-05-15T10:00:00+02:00', '2026-05-15T08:00:00.000Z'],
    ['2026-05-15T10:00Z', '2026-05-15T10:00:00.000Z'],
    ['2026-05-15 10:00:00.123', '2026-05-15T10:00:00.000Z'],
    ['15 May 2026', '2026-05-15T00:00:00.000Z'],
    ['May 15th, 2026', '2026-05-15T00:00:00.000Z'],
    ['3 juillet 2026', '2026-07-03T00:00:00.000Z'],
    ['1747267200', '2025-05-15T00:00:00.000Z'],
  ])('when a posting says %p, then the date is %s', (input, iso) => {
    expect(parseLooseDate(input)?.toISOString()).toBe(iso);
  });

  it.each(['2026-02-30', '2026-13-01', 'soon', '', 'Posted 3 days ago'])('when a posting says %p, then there is no date', (input) => {
    expect(parseLooseDate(input)).toBeUndefined();
  });
});

describe('salary text', () => {
  it.each<[string, Salary | undefined]>([
    ['$120,000 - $150,000 a year', { min: 120000, max: 150000, currency: undefined, unit: 'year' }],
    ['€50k–60k per annum', { min: 50000, max: 60000, currency: 'EUR', unit: 'year' }],
    ['USD 40/hour', { min: 40, max: 40, currency: 'USD', unit: 'hour' }],
    ['45.000 - 55.000 € brutto pro Jahr', { min: 45000, max: 55000, currency: 'EUR', unit: 'year' }],
    ['£30,000', { min: 30000, max: 30000, currency: 'GBP', unit: undefined }],
    ['12,50 € per hour', { min: 12.5, max: 12.5, currency: 'EUR', unit: 'hour' }],
    ['CA$85,000–95,000/yr', { min: 85000, max: 95000, currency: 'CAD', unit: 'year' }],
    ['150000 - 120000 USD yearly', { min: 120000, max: 150000, currency: 'USD', unit: 'year' }],
    ['Competitive', undefined],
  ])('when the pay reads %p, then the salary is read as stated', (text, salary) => {
    expect(parseSalaryText(text)).toEqual(salary);
  });
});

describe('entities and HTML text', () => {
  it('when entities are decoded, then named, decimal and hex references become characters, once', () => {
    expect(decodeEntities('caf&eacute; &#8217;&#x2019; &lt;b&gt; &amp;amp;')).toBe('café ’’ <b> &amp;');
    expect(decodeEntities('no entities here')).toBe('no entities here');
  });

  it('when HTML becomes text, then blocks are lines, list items are bullets and hidden content is gone', () => {
    const html = `<style>p{}</style><h2>About&nbsp;the role</h2><p>We   build
      <b>tools</b> &amp; more.<br>Second line</p><ul><li><p>One</p></li><li>Two</li></ul>
      <script>var hidden = 1</script><noscript>enable js</noscript><template><p>tpl</p></template><div>End</div>`;

    expect(htmlToText(html)).toBe('About the role\n\nWe build tools & more.\nSecond line\n\n• One\n• Two\n\nEnd');
  });

  it('when text has more than one blank line in a row, then at most one is kept', () => {
    expect(htmlToText('<p>a</p><p></p><p></p><div><p>b</p></div>')).toBe('a\n\nb');
  });

  it('when a page escapes characters in attributes, its title and its text, then the scan reads them decoded and script bodies as written', () => {
    const scan = scanHtml(`<title>Fish &amp; Chips</title><meta property="og:site_name" content="Fish &amp; Chips &quot;Ltd&quot;">
      <script type="application/ld+json">{"title": "A &amp; B"}</script><h1 class="job&#x2D;title">Cook &lt;Senior&gt; &amp co</h1>`);

    expect(scan.title).toBe('Fish & Chips');
    expect(scan.meta.get('og:site_name')).toBe('Fish & Chips "Ltd"');
    expect(scan.jsonLd).toEqual(['{"title": "A &amp; B"}']);
    expect(scan.classes.get('job-title')).toHaveLength(1);
    expect(inlineText(scan.tags.get('h1')?.[0].children ?? [])).toBe('Cook <Senior> & co');
  });

  // The page parser decodes entities itself (much faster than htmlparser2's decoding tokenizer); it must decode exactly as htmlparser2 would.
  it.each(FIXTURE_CASES.filter(([file]) => file.endsWith('.html')))('when %s is parsed, then its DOM is the one htmlparser2 builds when it decodes entities itself', (file) => {
    const { body } = readFixture(file);

    expect(domShape(parseHtml(body).children)).toEqual(referenceDomShape(body));
  });

  it('when entities are written loosely or sit in raw-text elements, then the DOM is still the one htmlparser2 builds when it decodes them', () => {
    const html = `<p title="a &amp b &ampx &amp= &notin; &noti &copy2" data-x=q&amp;r>x &amp y &ampx &notit; &#128; &#0; &unknown; &am</p>
      <title>A &amp; B &copy</title><script>a &amp;&amp; b</script><style>a&amp;b</style><textarea>x &amp; y</textarea>
      <svg><title>&lt;</title><style>&amp;</style></svg>a < b &amp; c <!-- &amp; --> <![CDATA[ &amp; ]]> &amp`;

    expect(domShape(parseHtml(html).children)).toEqual(referenceDomShape(html));
  });
});

describe('JSON-LD parsing', () => {
  it.each([
    ['trailing commas', '{"@type": "JobPosting", "title": "A",}'],
    ['a raw newline inside a string', '{"@type": "JobPosting", "title": "A\nB"}'],
    ['a CDATA wrapper', '//<![CDATA[\n{"@type": "JobPosting", "title": "A"}\n//]]>'],
    ['an HTML comment wrapper', '<!-- {"@type": "JobPosting", "title": "A"} -->'],
    ['an invalid escape', '{"@type": "JobPosting", "title": "A\\\'s"}'],
  ])('when a block has %s, then it is still read', (_, text) => {
    expect(parseJsonLd(text)).toMatchObject({ '@type': 'JobPosting' });
  });

  it('when a block is script rather than JSON, then it is not evaluated and yields nothing', () => {
    (globalThis as Record<string, unknown>).jsonLdEvaluated = false;

    const parsed = parseJsonLd('(function(){ globalThis.jsonLdEvaluated = true; return {"@type": "JobPosting"} })()');

    expect(parsed).toBeUndefined();
    expect((globalThis as Record<string, unknown>).jsonLdEvaluated).toBe(false);
  });

  it.each([['JobPosting'], [['JobPosting']], ['http://schema.org/JobPosting'], [['Thing', 'schema:JobPosting']]])(
    'when @type is %p, then the posting is found',
    (type) => {
      const { postings } = findJobPostings([JSON.stringify({ '@type': type, title: 'Welder' })]);
      expect(postings).toHaveLength(1);
    },
  );

  it('when the organization is a string and the country an object, then both are read', () => {
    const fields = readJobPosting({
      '@type': 'JobPosting',
      title: 'Welder &amp; Fitter',
      hiringOrganization: 'Proseware',
      jobLocation: { address: { addressLocality: 'Oslo', addressCountry: { '@type': 'Country', name: 'Norway' } } },
      employmentType: 'FULL_TIME, PART_TIME',
      baseSalary: { currency: 'NOK', value: 650000 },
    });

    expect(fields).toMatchObject({
      title: 'Welder & Fitter',
      company: 'Proseware',
      location: { text: 'Oslo, Norway', city: 'Oslo', country: 'Norway' },
      employmentType: 'Full-time, Part-time',
      salary: { min: 650000, max: 650000, currency: 'NOK' },
    });
  });

  it('when several job locations are given, then the location text lists each once', () => {
    const fields = readJobPosting({
      '@type': 'JobPosting',
      jobLocation: [
        { address: { addressLocality: 'Lyon', addressCountry: 'FR' } },
        { address: { addressLocality: 'Paris', addressCountry: 'FR' } },
        { address: { addressLocality: 'Lyon', addressCountry: 'FR' } },
      ],
    });

    expect(fields.location).toEqual({ text: 'Lyon, FR; Paris, FR' });
  });
});

describe('choosing between JSON-LD, the page and "not a job"', () => {
  const page = (head: string, body = ''): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
  const ld = (value: unknown): string => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

  it('when a JobPosting has only a title, then it still counts as a posting', () => {
    const outcome = extractFromHtml(page(ld({ '@type': 'JobPosting', title: 'Night Nurse' })), 'https://x.test/1');

    expect(expectPosting(outcome)).toMatchObject({ source: 'jsonld', title: 'Night Nurse', remote: 'unknown', url: 'https://x.test/1' });
  });

  it('when the only JSON-LD is broken, then the page is read instead and nothing throws', () => {
    const html = page(
      '<title>Line Cook | Careers at Fourth Coffee</title><script type="application/ld+json">{"@type": "JobPosting", "title": </script>',
      '<h1>Line Cook</h1><div class="location">Seattle, WA</div>',
    );

    const posting = expectPosting(extractFromHtml(html, 'https://x.test/2'));

    expect(posting).toMatchObject({ source: 'html', title: 'Line Cook', company: 'Fourth Coffee', location: { text: 'Seattle, WA' } });
  });

  it('when a shell page has its posting only in og:description, then that text is the description', () => {
    const posting = 'We are looking for a welder. Responsibilities: weld frames. Requirements: 3 years of experience and a certificate. Apply today. '.repeat(3);
    const html = page(`<title>Welder</title><meta property="og:title" content="Welder"><meta property="og:description" content="${posting}">`, '<div id="root"></div>');

    expect(expectPosting(extractFromHtml(html, 'https://x.test/shell'))).toMatchObject({ source: 'html', title: 'Welder', description: posting.trim() });
  });

  it('when the page names no job at all, then it is empty rather than an invented posting', () => {
    const html = page('<title>Fourth Coffee – our story</title>', '<h1>Our story</h1><p>We roast coffee in small batches.</p>');

    expect(extractFromHtml(html, 'https://x.test/3')).toEqual({ kind: 'notJob', reason: 'empty' });
  });

  it('when a careers landing page shows an office location but no job, then it is empty', () => {
    const html = page('<title>Careers at Contoso</title>', '<h1>Join our team</h1><div class="office-location">Seattle, WA</div>');

    expect(extractFromHtml(html, 'https://x.test/3b')).toEqual({ kind: 'notJob', reason: 'empty' });
  });

  it('when JSON-LD lists three different jobs, then the page is a listing', () => {
    const jobs = ['A', 'B', 'C'].map((title) => ({ '@type': 'JobPosting', title }));

    expect(extractFromHtml(page(ld(jobs)), 'https://x.test/4')).toEqual({ kind: 'notJob', reason: 'listing' });
  });

  it('when a title or heading states a result count, then the page is a listing', () => {
    const html = page('<title>1,234 Nurse jobs in Berlin</title>', '<h1>Nurse jobs</h1>');

    expect(extractFromHtml(html, 'https://x.test/5')).toEqual({ kind: 'notJob', reason: 'listing' });
  });

  it('when a job page also shows cards of similar jobs, then it is still one posting', () => {
    const cards = '<div class="job-card">Other job</div>'.repeat(6);
    const html = page(ld({ '@type': 'JobPosting', title: 'Baker', hiringOrganization: 'Fourth Coffee' }), cards);

    expect(expectPosting(extractFromHtml(html, 'https://x.test/6')).title).toBe('Baker');
  });

  it.each([
    ['<title>Attention Required! | Cloudflare</title>', ''],
    ['<title>Sign in | Example Jobs</title>', '<form><input type="email"><input type="password"></form>'],
    ['<title>x</title>', '<div id="px-captcha"></div>'],
  ])('when a page is a challenge or a login (%s), then it is a wall', (head, body) => {
    expect(extractFromHtml(page(head, body), 'https://x.test/7')).toEqual({ kind: 'notJob', reason: 'wall' });
  });

  it.each([
    ['Data Engineer (Remote)', undefined, 'remote'],
    ['Data Engineer', 'Lyon (Télétravail)', 'remote'],
    ['Data Engineer', 'Hybrid – Austin, TX', 'hybrid'],
    ['Data Engineer', 'On-site, Austin, TX', 'onsite'],
    ['Remote Sensing Analyst', 'Boulder, CO', 'unknown'],
  ])('when the title is %p and the location %p, then remote is %p', (title, location, remote) => {
    const posting = expectPosting(extractFromHtml(page(ld({ '@type': 'JobPosting', title, jobLocation: location })), 'https://x.test/8'));

    expect(posting.remote).toBe(remote);
  });

  it('when a description is longer than the cap, then it is cut to MAX_DESCRIPTION_CHARS', () => {
    const description = 'word '.repeat(MAX_DESCRIPTION_CHARS / 2);

    const posting = expectPosting(extractFromHtml(page(ld({ '@type': 'JobPosting', title: 'Long', description })), 'https://x.test/9'));

    expect(posting.description?.length).toBeLessThanOrEqual(MAX_DESCRIPTION_CHARS);
    expect(posting.description?.length).toBeGreaterThan(MAX_DESCRIPTION_CHARS * 0.9);
  });

  // Before the nesting cap this took minutes (htmlparser2's tag stack is quadratic); the test's own time-out guards it.
  it('when a hostile page nests tags 200,000 deep, then it is read without a stack overflow', () => {
    const html = page('<title>Nurse job</title>', `<main>${'<div>'.repeat(200_000)}<h2>Responsibilities</h2><p>x</p>`);

    const outcome = extractFromHtml(html, 'https://x.test/deep');

    expect(outcome.kind).toBeDefined();
    expect(htmlToText(`<p>kept</p>${'<b>'.repeat(200_000)}`)).toBe('kept');
  });
});

describe('pasted text', () => {
  const body = [
    'We are looking for an accountant to join our finance team in Berlin.',
    '',
    'Responsibilities:',
    '- Prepare monthly and annual financial statements',
    '- Reconcile accounts and support the audit',
    '',
    'Requirements:',
    '- 3+ years of experience in accounting',
    '- Fluent German and English',
  ].join('\n');

  it('when labelled lines name the company, location, type and salary, then they are used', () => {
    const text = `Senior Accountant\nCompany: Fabrikam\nLocation: Berlin, Germany\nEmployment type: Full-time\nSalary: €60,000 – €70,000 per year\n\n${body}`;

    const posting = expectPosting(extractFromPastedText(text));

    expect(posting).toMatchObject({
      source: 'text',
      title: 'Senior Accountant',
      company: 'Fabrikam',
      location: { text: 'Berlin, Germany' },
      employmentType: 'Full-time',
      salary: { min: 60000, max: 70000, currency: 'EUR', unit: 'year' },
      remote: 'unknown',
    });
    expect(posting.sections).toEqual({
      Responsibilities: ['Prepare monthly and annual financial statements', 'Reconcile accounts and support the audit'],
      Requirements: ['3+ years of experience in accounting', 'Fluent German and English'],
    });
  });

  it('when the text says "X is hiring a Y", then company and title come from that sentence', () => {
    const text = `Fabrikam is hiring a Senior Accountant to lead our close process.\n\n${body}`;

    expect(expectPosting(extractFromPastedText(text))).toMatchObject({ title: 'Senior Accountant', company: 'Fabrikam' });
  });

  it('when the first line is "Title at Company", then both are taken from it', () => {
    const posting = expectPosting(extractFromPastedText(`Senior Accountant at Fabrikam\n\n${body}`));

    expect(posting).toMatchObject({ title: 'Senior Accountant', company: 'Fabrikam' });
  });

  it('when a long text is not a posting, then it is reported as empty', () => {
    const story = 'The river ran past the old mill and the children watched the boats drift slowly down toward the sea. '.repeat(6);

    expect(extractFromPastedText(story)).toEqual({ kind: 'notJob', reason: 'empty' });
  });

  it('when posting prose starts like chrome or mentions cookies, then it is kept', () => {
    const text = `Pastry Chef\n\n${body}\n\n500+ employees across Europe bake for our cafés every morning.\nYou will bake cookies and use our stone ovens.`;

    const posting = expectPosting(extractFromPastedText(text));

    expect(posting.description).toContain('500+ employees across Europe');
    expect(posting.description).toContain('You will bake cookies');
  });

  it('when only page chrome is pasted, then it is too short', () => {
    expect(extractFromPastedText('Easy Apply\nSave\nShare\nShow more\n1,234 followers')).toEqual({ kind: 'notJob', reason: 'tooShort' });
  });
});
