/**
 * How fast and how right our posting extractor is, beside metascraper on the same saved pages.
 *
 *   npm run bench:extract [-- --rounds 7 --round-ms 1000 --warmup-ms 1000]
 *
 * Accuracy is judged against test/fixtures/postings/expected/*.json with the rules in FIELD_RULES,
 * the same rules for both extractors. Speed is pages per second over the fixed set of HTML fixtures:
 * a warm-up, then interleaved rounds of whole passes, median reported. Not a test: nothing here fails on a number.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import createMetascraper from 'metascraper';
import metascraperDate from 'metascraper-date';
import metascraperDescription from 'metascraper-description';
import metascraperPublisher from 'metascraper-publisher';
import metascraperTitle from 'metascraper-title';
import { extractFromAtsDocument } from '../src/postings/ats';
import { extractFromHtml, type ExtractOutcome } from '../src/postings/extract';
import type { ExtractedPosting, Salary } from '../src/postings/posting';
import { formatTable } from './lib/table';
import { measureThroughput, type Throughput } from './lib/timing';

const FIXTURES = path.resolve(__dirname, '../test/fixtures/postings');
/** Every page gets this URL plus its file name; metascraper refuses reserved names such as `.test`. */
const PAGE_URL_BASE = 'https://jobs.example.com/';

// ---------------------------------------------------------------------------------------------
// Fixtures and what they should give

/** An expected file: the fields read off the document by hand; `null` means "must be absent". Absent keys are not judged. */
interface Expected {
  notJob?: string;
  select?: string | number | null;
  pageUrl?: string | null;
  title?: string | null;
  company?: string | null;
  location?: { text: string } | null;
  remote?: string;
  employmentType?: string | null;
  salary?: Salary | null;
  datePosted?: string | number | null;
  validThrough?: string | number | null;
  description?: null;
  descriptionIncludes?: string[] | null;
  descriptionExcludes?: string[];
}

interface Fixture {
  file: string;
  body: string;
  bytes: number;
  expected: Expected;
}

/** HTML pages (both extractors) and ATS API responses (ours only: metascraper reads no APIs). Pasted `.txt` is neither. */
function loadFixtures(): { html: Fixture[]; ats: Fixture[] } {
  const files = readdirSync(FIXTURES).filter((file) => /\.(html|json|xml)$/.test(file)).sort();
  const fixtures = files.map((file) => {
    const body = readFileSync(path.join(FIXTURES, file), 'utf8');
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected', `${file}.json`), 'utf8')) as Expected;
    return { file, body, bytes: Buffer.byteLength(body), expected };
  });
  return { html: fixtures.filter((f) => f.file.endsWith('.html')), ats: fixtures.filter((f) => !f.file.endsWith('.html')) };
}

// ---------------------------------------------------------------------------------------------
// What an extractor said, in one shape for both

/** The fields both extractors are judged on; `description` is reported as an extra row. */
type Field = 'title' | 'company' | 'location' | 'datePosted' | 'validThrough' | 'employmentType' | 'salary' | 'remote' | 'description';

interface FieldValues {
  title?: string;
  company?: string;
  location?: string;
  datePosted?: string | Date;
  validThrough?: string | Date;
  employmentType?: string;
  salary?: Salary;
  remote?: string;
  description?: string;
}

/** One extractor's answer for one document: a posting's fields, or "this is not a job". */
type Reading = { kind: 'notJob' } | { kind: 'posting'; fields: FieldValues };

/** A contender: what it can produce at all (anything else counts as wrong for it) and how to read its answers. */
interface Contender {
  name: string;
  produces: ReadonlySet<Field | 'notJob'>;
}

const OURS: Contender = {
  name: 'ours',
  produces: new Set<Field | 'notJob'>(['title', 'company', 'location', 'datePosted', 'validThrough', 'employmentType', 'salary', 'remote', 'description', 'notJob']),
};

/**
 * metascraper with the rules that map to our fields: title ← metascraper-title, company ←
 * metascraper-publisher, datePosted ← metascraper-date (its datePublished, else its date),
 * description ← metascraper-description. metascraper-url, -author and -lang map to no judged field.
 */
const PEER: Contender = { name: 'metascraper', produces: new Set<Field | 'notJob'>(['title', 'company', 'datePosted', 'description']) };

const scrape = createMetascraper([metascraperTitle(), metascraperPublisher(), metascraperDate({ datePublished: true }), metascraperDescription()]);

function ourHtmlReading(outcome: ExtractOutcome): Reading {
  return outcome.kind === 'posting' ? postingReading(outcome.posting) : { kind: 'notJob' };
}

function postingReading(posting: ExtractedPosting): Reading {
  return {
    kind: 'posting',
    fields: {
      title: posting.title,
      company: posting.company,
      location: posting.location?.text,
      datePosted: posting.datePosted,
      validThrough: posting.validThrough,
      employmentType: posting.employmentType,
      salary: posting.salary,
      remote: posting.remote,
      description: posting.description,
    },
  };
}

function peerReading(metadata: Awaited<ReturnType<typeof scrape>>): Reading {
  return {
    kind: 'posting',
    fields: {
      title: metadata.title ?? undefined,
      company: metadata.publisher ?? undefined,
      datePosted: metadata.datePublished ?? metadata.date ?? undefined,
      description: metadata.description ?? undefined,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The comparison rules, defined once and applied to both extractors

/** Text: Unicode NFC, typographic quotes as ASCII, whitespace runs collapsed, trimmed, case-insensitive; empty is absent. */
function sameText(actual: string | undefined, expected: string | null | undefined): boolean {
  return foldText(actual) === foldText(expected);
}

function foldText(value: string | null | undefined): string | undefined {
  const folded = value === null || value === undefined ? undefined : foldCase(value).replace(/\s+/g, ' ').trim();
  return folded || undefined;
}

/** What every text comparison ignores: Unicode form, case, and curly versus straight quotes. */
function foldCase(text: string): string {
  return text.normalize('NFC').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').toLowerCase();
}

/** Dates: the same calendar day in UTC; an unreadable date matches nothing. */
function sameDay(actual: string | Date | undefined, expected: string | number | null | undefined): boolean {
  return utcDay(actual) === utcDay(expected);
}

function utcDay(value: string | number | Date | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? 'unreadable' : date.toISOString().slice(0, 10);
}

/** Salary: min and max equal as numbers, currency equal ignoring case, unit equal (absent equals absent). */
function sameSalary(actual: Salary | undefined, expected: Salary | null | undefined): boolean {
  if (!expected || !actual) return !expected && !actual;
  return actual.min === expected.min && actual.max === expected.max
    && actual.currency?.toUpperCase() === expected.currency?.toUpperCase() && actual.unit === expected.unit;
}

/** Description: contains every expected phrase and none of the excluded ones, folded as text is (whitespace kept: lines matter). */
function describes(actual: string | undefined, includes: string[], excludes: string[]): boolean {
  if (!actual) return false;
  const text = foldCase(actual);
  const has = (phrase: string): boolean => text.includes(foldCase(phrase));
  return includes.every(has) && !excludes.some(has);
}

/** How each field is judged; `undefined` means the expected file does not judge it for that fixture. */
const FIELD_RULES: Record<Field, (actual: FieldValues, expected: Expected) => boolean | undefined> = {
  title: (a, e) => ('title' in e ? sameText(a.title, e.title) : undefined),
  company: (a, e) => ('company' in e ? sameText(a.company, e.company) : undefined),
  location: (a, e) => ('location' in e ? sameText(a.location, e.location?.text) : undefined),
  datePosted: (a, e) => ('datePosted' in e ? sameDay(a.datePosted, e.datePosted) : undefined),
  validThrough: (a, e) => ('validThrough' in e ? sameDay(a.validThrough, e.validThrough) : undefined),
  employmentType: (a, e) => ('employmentType' in e ? sameText(a.employmentType, e.employmentType) : undefined),
  salary: (a, e) => ('salary' in e ? sameSalary(a.salary, e.salary) : undefined),
  remote: (a, e) => ('remote' in e ? sameText(a.remote, e.remote) : undefined),
  description: (a, e) => {
    if (e.description === null || e.descriptionIncludes === null) return !a.description;
    return Array.isArray(e.descriptionIncludes) ? describes(a.description, e.descriptionIncludes, e.descriptionExcludes ?? []) : undefined;
  },
};

const JUDGED_FIELDS: Field[] = ['title', 'company', 'location', 'datePosted', 'validThrough', 'employmentType', 'salary', 'remote'];
const EXTRA_FIELDS: Field[] = ['description'];
type Row = Field | 'notJob';

interface Score {
  correct: number;
  total: number;
  misses: string[];
}

/**
 * Scores one contender. A posting fixture judges each field its expected file names; a "not a job"
 * answer there gets every field wrong. A notJob fixture judges only whether it was recognised as
 * not a job (any reason). A field the contender cannot produce at all is wrong wherever it is judged.
 */
function score(contender: Contender, fixtures: Fixture[], readings: Reading[]): Map<Row, Score> {
  const scores = new Map<Row, Score>([...JUDGED_FIELDS, 'notJob' as const, ...EXTRA_FIELDS].map((row) => [row, { correct: 0, total: 0, misses: [] }]));
  const mark = (row: Row, right: boolean, fixture: Fixture, got: unknown): void => {
    const entry = scores.get(row)!;
    entry.total += 1;
    if (right) entry.correct += 1;
    else entry.misses.push(`${fixture.file}: ${row} = ${shortJson(got)}`);
  };
  fixtures.forEach((fixture, index) => {
    const reading = readings[index];
    if (fixture.expected.notJob !== undefined) {
      mark('notJob', contender.produces.has('notJob') && reading.kind === 'notJob', fixture, reading.kind);
      return;
    }
    for (const field of [...JUDGED_FIELDS, ...EXTRA_FIELDS]) {
      const fields = reading.kind === 'posting' ? reading.fields : {};
      const verdict = FIELD_RULES[field](fields, fixture.expected);
      if (verdict === undefined) continue;
      const got = reading.kind === 'posting' ? fields[field] : 'notJob';
      mark(field, contender.produces.has(field) && reading.kind === 'posting' && verdict, fixture, got);
    }
  });
  return scores;
}

function shortJson(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : JSON.stringify(value) ?? 'undefined';
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// The run

const ROW_LABELS: Record<Row, string> = {
  title: 'title', company: 'company', location: 'location', datePosted: 'datePosted', validThrough: 'validThrough',
  employmentType: 'employmentType', salary: 'salary', remote: 'remote', notJob: 'notJob recognised', description: 'description (extra)',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '7' }, 'round-ms': { type: 'string', default: '1000' }, 'warmup-ms': { type: 'string', default: '1000' } },
  });
  const timing = { rounds: Number(values.rounds), roundMs: Number(values['round-ms']), warmupMs: Number(values['warmup-ms']) };
  const { html, ats } = loadFixtures();
  const pageUrl = (fixture: Fixture): string => PAGE_URL_BASE + encodeURIComponent(fixture.file);

  // Accuracy: one reading per fixture and extractor.
  const ourHtml = html.map((f) => ourHtmlReading(extractFromHtml(f.body, pageUrl(f))));
  const peerHtml: Reading[] = [];
  for (const f of html) peerHtml.push(peerReading(await scrape({ html: f.body, url: pageUrl(f) })));
  const readAts = (f: Fixture): ExtractedPosting | undefined => extractFromAtsDocument(f.file.endsWith('.xml') ? f.body : JSON.parse(f.body), {
    pageUrl: f.expected.pageUrl ?? undefined,
    select: f.expected.select === null || f.expected.select === undefined ? undefined : String(f.expected.select),
  });
  const ourAts = ats.map((f) => {
    const posting = readAts(f);
    return posting ? postingReading(posting) : ({ kind: 'notJob' } as const);
  });
  const ourHtmlScores = score(OURS, html, ourHtml);
  const peerHtmlScores = score(PEER, html, peerHtml);
  const ourAtsScores = score(OURS, ats, ourAts);

  // Speed: the same fixed page set for both, every pass over all of it.
  const [oursSpeed, peerSpeed, atsSpeed] = await measureThroughput([
    { name: 'ours', items: html.length, pass: () => html.map((f) => extractFromHtml(f.body, pageUrl(f))) },
    { name: 'metascraper', items: html.length, pass: async () => { for (const f of html) await scrape({ html: f.body, url: pageUrl(f) }); } },
    { name: 'ours (ATS)', items: ats.length, pass: () => ats.map(readAts) },
  ], timing);

  const ratio = oursSpeed.itemsPerSecond / peerSpeed.itemsPerSecond;
  const counts = (fixtures: Fixture[]): string => {
    const notJobs = fixtures.filter((f) => f.expected.notJob !== undefined).length;
    return `${fixtures.length} fixtures: ${fixtures.length - notJobs} postings, ${notJobs} not a job; mean ${kb(fixtures)} KB`;
  };

  console.log(`\nHTML pages (${counts(html)})\n`);
  console.log(formatTable({
    headers: ['field', 'ours correct/total', 'metascraper correct/total'],
    align: ['left', 'right', 'right'],
    rows: [
      ...[...JUDGED_FIELDS, 'notJob' as const, ...EXTRA_FIELDS].map((row) => [
        ROW_LABELS[row],
        fraction(ourHtmlScores.get(row)!),
        fraction(peerHtmlScores.get(row)!) + (PEER.produces.has(row) ? '' : ' ¹'),
      ]),
      ['pages/s (median)', rate(oursSpeed), rate(peerSpeed)],
      ['speed ratio', `${ratio.toFixed(1)}×`, '1.0×'],
    ],
  }));
  console.log('\n¹ metascraper has no rule that produces this (it reads page metadata, not JobPosting facts, and never says "not a job"): counted wrong on every fixture that judges it.');
  console.log('  metascraper fields: title ← metascraper-title, company ← metascraper-publisher, datePosted ← metascraper-date (datePublished, else date), description ← metascraper-description.');

  console.log(`\nATS API responses, ours only (${counts(ats)})\n`);
  console.log(formatTable({
    headers: ['field', 'ours correct/total'],
    align: ['left', 'right'],
    rows: [
      ...[...JUDGED_FIELDS, 'notJob' as const, ...EXTRA_FIELDS].map((row) => [ROW_LABELS[row], fraction(ourAtsScores.get(row)!)]),
      ['documents/s (median)', rate(atsSpeed)],
    ],
  }));

  console.log('\nRules: text = NFC, curly quotes as straight, whitespace collapsed, trimmed, case-insensitive; location = its text; dates = same UTC calendar day;');
  console.log('salary = min, max, currency (any case) and unit all equal; remote = the kind; null in an expected file = must be absent;');
  console.log('notJob = reported as not a job (any reason); description = contains every descriptionIncludes phrase, no descriptionExcludes one (folded like text, whitespace kept).');
  console.log(`Timing: ${timing.warmupMs} ms warm-up each, then ${timing.rounds} interleaved rounds of whole passes (${passes(oursSpeed)}, ${passes(peerSpeed)}, ${passes(atsSpeed)}).`);

  const fieldsMet = JUDGED_FIELDS.every((field) => ratioOf(ourHtmlScores.get(field)!) >= ratioOf(peerHtmlScores.get(field)!))
    && ratioOf(ourHtmlScores.get('notJob')!) >= ratioOf(peerHtmlScores.get('notJob')!);
  console.log(`\nGoals: every field at least as accurate as metascraper: ${fieldsMet ? 'met' : 'NOT met'}; ≥10× its pages/s: ${ratio >= 10 ? 'met' : 'NOT met'} (${ratio.toFixed(1)}×).`);

  printMisses('ours, HTML', ourHtmlScores);
  printMisses('ours, ATS', ourAtsScores);
  printMisses('metascraper, HTML (fields it produces)', peerHtmlScores, PEER.produces);
}

function kb(fixtures: Fixture[]): string {
  return (fixtures.reduce((sum, f) => sum + f.bytes, 0) / fixtures.length / 1024).toFixed(0);
}

function fraction(entry: Score): string {
  return `${entry.correct}/${entry.total}`;
}

function ratioOf(entry: Score): number {
  return entry.total === 0 ? 1 : entry.correct / entry.total;
}

function rate(speed: Throughput): string {
  const value = speed.itemsPerSecond;
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function passes(speed: Throughput): string {
  const low = Math.min(...speed.perRound);
  const high = Math.max(...speed.perRound);
  return `${speed.name}: ${speed.passesPerRound} passes/round, ${low.toFixed(0)}–${high.toFixed(0)}/s`;
}

function printMisses(title: string, scores: Map<Row, Score>, only?: ReadonlySet<Row>): void {
  const misses = [...scores].filter(([row]) => !only || only.has(row)).flatMap(([, entry]) => entry.misses);
  console.log(`\nMisses, ${title}: ${misses.length === 0 ? 'none' : ''}`);
  for (const miss of misses) console.log(`  ${miss}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
