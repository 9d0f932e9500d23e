/**
 * Representative data for every card template, rendered through the real render functions.
 * Shared by `test/cards/templates.test.ts` and `scripts/cards-preview.ts` (PNG screenshots), so both
 * look at the same cards. Everything is fixed in time (`SAMPLE_NOW`) so screenshots are comparable run to run.
 */
import { createHash } from 'node:crypto';
import { textCommands } from '../../src/bot/textCommands';
import type { JobActions } from '../../src/bot/jobActions';
import type { ReminderActions } from '../../src/bot/reminderActions';
import type { ProfileActions } from '../../src/bot/profileActions';
import { compareCard } from '../../src/cards/compareCard';
import { jobCard, type JobCardInput, type JobCardOptions } from '../../src/cards/jobCard';
import { jobListCard } from '../../src/cards/listCard';
import { choiceCard, errorCard, helpCard, noticeCard, pasteTextCard, type HelpCommand } from '../../src/cards/messageCards';
import type { AdaptiveCardJson } from '../../src/cards/render';
import { timelineCard } from '../../src/cards/timelineCard';
import { AppError, errorCatalogue, type ErrorCode } from '../../src/errors';
import type { Posting } from '../../src/postings/posting';
import type { JourneyEvent } from '../../src/tracking/events';
import type { Status } from '../../src/tracking/trackedJob';
import { trackedJobId, type JobPage, type JobView, type Note } from '../../src/tracking/trackingService';

/** One named card, rendered on first access (so one broken sample fails alone, not the whole module). */
export interface CardSample {
  /** Unique, file-name safe: the preview writes `<name>.png`. */
  readonly name: string;
  readonly card: AdaptiveCardJson;
  /** Carries hostile strings in its text fields (see `HOSTILE`). */
  readonly hostile: boolean;
  /** The only URLs the card may link to (from data that is meant to be a link: the posting's address). */
  readonly allowedUrls: readonly string[];
}

/** The moment every sample is rendered at. */
export const SAMPLE_NOW = new Date('2026-11-20T10:00:00Z');
/** The viewer's time zone in samples. */
export const SAMPLE_TIME_ZONE = 'Europe/Berlin';
/** The Teams user id the job cards are drawn for. */
export const SAMPLE_VIEWER_ID = '29:1qUd3dXRlJ5vT0d8gZ8hostile-viewer-sentinel';

/**
 * Strings that would do harm if a card read them as anything but text. Every hostile sample puts
 * `HOSTILE.probe` (or a string starting with it) into every text field it has.
 */
export const HOSTILE = {
  /** Markdown emphasis, a link, code, a template expression, HTML, emoji, RTL: short enough to survive every cut. */
  probe: '${$root.viewerId} ${1+1} **PWNED** _PWNED_ [PWNED](https://evil.example/p) `PWNED` <b>PWNED</b> 🚀👩🏽‍💻 עברית',
  /** Markdown that only works at the start of a line, and a text function the card renderer formats ({{DATE}}). */
  lines: '- PWNED list\n1. PWNED numbered\n> PWNED quote\n# PWNED heading\n{{DATE(2030-01-01T00:00:00Z, LONG)}} PWNED date',
  /** The part of the probe a TextRun must show verbatim (it survives the shortest cut, 80 characters). */
  literal: '${$root.viewerId} ${1+1} **PWNED** _PWNED_ [PWNED](https://evil.example/p)',
  /** The same part as it must read in a markdown element (TextBlock, FactSet): every markdown character escaped. */
  escaped: '${$root.viewerId} ${1+1} \\*\\*PWNED\\*\\* \\_PWNED\\_ \\[PWNED\\]\\(https://evil.example/p\\)',
  /** About 10 KB of words mixing scripts and emoji; wraps, but never ends. */
  long: `${'Lorem ipsum 🚀 مهندس برمجيات أول עברית Straße '.repeat(220)}`.slice(0, 10_000),
  /** 10 KB with no place to break a line. */
  unbroken: 'W'.repeat(10_000),
  /** Right-to-left text with an override character that flips what follows. */
  rtl: 'مهندس برمجيات أول (شركة كونتوسو) — מהנדס תוכנה בכיר \u202Efdp.exe',
} as const;

/** A hostile string for a field: the probe first (so it survives any cut), then `tail`. */
const h = (tail = '') => `${HOSTILE.probe} ${tail}`;

const postingId = (url: string) => createHash('md5').update(url).digest('hex');
const daysBefore = (days: number, hours = 0) => new Date(SAMPLE_NOW.getTime() - days * 86_400_000 - hours * 3_600_000);
const USER_KEY = 'tenant-72f988bf:aad-4b1f-9c7e';

function posting(fields: Partial<Posting> & { url: string }): Posting {
  return {
    id: postingId(fields.url),
    source: 'jsonld',
    canonicalUrl: fields.url,
    remote: 'unknown',
    fetchedAt: daysBefore(6),
    lastCheckedAt: daysBefore(0, 2),
    open: true,
    ...fields,
  };
}

/** A job as the list gets it: with its copies of the posting's fields. */
function listed(v: JobView): JobPage['items'][number] {
  return { ...v.job, remote: v.posting.remote };
}

function view(p: Posting, status: Status, statusDaysAgo: number, notes?: Note[]): JobView {
  return {
    posting: p,
    created: true,
    notes,
    job: {
      id: trackedJobId(USER_KEY, p.id),
      userKey: USER_KEY,
      postingId: p.id,
      status,
      title: p.title ?? '',
      company: p.company ?? '',
      locationText: p.location?.text,
      remote: p.remote,
      createdAt: daysBefore(20),
      updatedAt: daysBefore(statusDaysAgo),
      statusChangedAt: daysBefore(statusDaysAgo),
    },
  };
}

const jobOptions: JobCardOptions = { viewerId: SAMPLE_VIEWER_ID, timeZone: SAMPLE_TIME_ZONE, now: SAMPLE_NOW };

// ---- realistic postings -------------------------------------------------------------------------

const contoso = posting({
  url: 'https://boards.greenhouse.io/contoso/jobs/4012345',
  source: 'greenhouse',
  title: 'Senior Platform Engineer (Kubernetes, Go)',
  company: 'Contoso Ltd',
  location: { text: 'Berlin, Germany', city: 'Berlin', country: 'DE' },
  remote: 'hybrid',
  employmentType: 'Full-time',
  salary: { min: 85_000, max: 105_000, currency: 'EUR', unit: 'year' },
  datePosted: new Date('2026-11-02T00:00:00Z'),
  validThrough: new Date('2026-12-31T23:59:00Z'),
  open: false,
});

const fabrikam = posting({
  url: 'https://jobs.lever.co/fabrikam/8c1e6f0a-5d2b-4f4e-9a77-3f1b2c9d0e11',
  source: 'lever',
  title: 'Staff Software Engineer, Payments Infrastructure',
  company: 'Fabrikam Payments',
  location: { text: 'Amsterdam, Netherlands', city: 'Amsterdam', country: 'NL' },
  remote: 'remote',
  employmentType: 'Full-time',
  salary: { min: 9_000, max: 11_500, currency: 'EUR', unit: 'month' },
  datePosted: new Date('2026-11-12T00:00:00Z'),
  validThrough: new Date('2027-01-15T00:00:00Z'),
});

const northwind = posting({
  url: 'https://northwind.example/careers/devops-contractor',
  source: 'html',
  title: 'DevOps Contractor (6 months, extension possible)',
  company: 'Northwind Traders',
  location: { text: 'Austin, TX, United States' },
  remote: 'onsite',
  employmentType: 'Contract',
  salary: { min: 85, max: 110, currency: 'USD', unit: 'hour' },
  datePosted: new Date('2026-10-28T00:00:00Z'),
});

const woodgrove = posting({
  url: 'https://apply.workable.com/woodgrove/j/8F2A1C9E0B/',
  source: 'workable',
  title: 'Engineering Manager – Developer Experience',
  company: 'Woodgrove Bank',
  location: { text: 'London, United Kingdom' },
  remote: 'hybrid',
  employmentType: 'Full-time',
  salary: { min: 8_500, max: 9_800, currency: 'GBP', unit: 'month' },
  datePosted: new Date('2026-11-18T00:00:00Z'),
  validThrough: new Date('2026-12-05T00:00:00Z'),
});

const tailspin = posting({
  url: 'https://tailspin.example/jobs/sre',
  title: 'Site Reliability Engineer',
  company: 'Tailspin Toys',
  location: { text: 'Remote (EU time zones)' },
  remote: 'remote',
  employmentType: 'Full-time',
  datePosted: new Date('2026-11-15T00:00:00Z'),
});

const contosoNotes: Note[] = [
  { id: 'note-1732097130000', text: 'Recruiter (Dana Whitfield) called back: the first round is a 45-minute system design interview with two staff engineers, scheduled for next Tuesday.', at: daysBefore(1, 3) },
  { id: 'note-1731924330000', text: 'Sent the application with the updated CV and a cover letter about the Kubernetes migration at my last job.', at: daysBefore(3, 5) },
  { id: 'note-1731751530000', text: 'Referral from Sam.', at: daysBefore(5) },
];

// A page of the collection: 27 matching jobs, the first 10 shown.
const listTitles: Array<[string, string, string, Posting['remote']]> = [
  ['Senior Platform Engineer (Kubernetes, Go)', 'Contoso Ltd', 'Berlin, Germany', 'hybrid'],
  ['Staff Software Engineer, Payments Infrastructure', 'Fabrikam Payments', 'Amsterdam, Netherlands', 'remote'],
  ['Backend Engineer', 'Adventure Works', 'Munich, Germany', 'onsite'],
  ['Principal Engineer, Data Platform and Machine Learning Infrastructure (Streaming, Lakehouse)', 'Litware Inc.', 'Zurich, Switzerland', 'hybrid'],
  ['Software Engineer II', 'Proseware', 'Remote (Europe)', 'remote'],
  ['Full-Stack Engineer (TypeScript / React)', 'Wide World Importers', 'Hamburg, Germany', 'hybrid'],
  ['Security Engineer', 'Trey Research', 'Dublin, Ireland', 'unknown'],
  ['Engineering Manager – Developer Experience', 'Woodgrove Bank', 'London, United Kingdom', 'hybrid'],
  ['Site Reliability Engineer', 'Tailspin Toys', 'Remote (EU time zones)', 'remote'],
  ['Platform Engineer', 'Alpine Ski House', 'Innsbruck, Austria', 'onsite'],
];
const listViews = listTitles.map(([title, company, location, remote], i) =>
  view(posting({ url: `https://jobs.example/engineering/${1000 + i}`, title, company, location: { text: location }, remote }), 'applied', i + 1),
);

const timelineEvents = (jobId: string): JourneyEvent[] => {
  const event = (n: number, type: JourneyEvent['type'], at: Date, data: JourneyEvent['data'] = {}): JourneyEvent => ({ id: `evt-${n}`, userKey: USER_KEY, jobId, type, at, data });
  return [
    event(1, 'captured', daysBefore(20, 4)),
    event(2, 'note', daysBefore(19), { text: 'Referral from Sam; he says the team is moving everything to Kubernetes next year.' }),
    event(3, 'status', daysBefore(12), { from: 'saved', to: 'applied' }),
    event(4, 'reminderSet', daysBefore(12), { dueText: 'Thu 19 Nov 2026, 09:00' }),
    event(5, 'reminderSent', daysBefore(1, 1)),
    event(6, 'note', daysBefore(1), { text: 'Recruiter called back: system design round next Tuesday with two staff engineers.' }),
    event(7, 'status', daysBefore(1), { from: 'applied', to: 'interviewing' }),
    event(8, 'notice', daysBefore(0, 3), { text: 'This job expires in 3 days (31 Dec 2026).' }),
  ];
};

const errorSubjects: Partial<Record<ErrorCode, string>> = {
  NO_URL: 'can you save the contoso job for me',
  BAD_URL: 'htp//careers.contoso.example/jobs/42',
  NOT_A_JOB: 'https://www.contoso.example/about-us',
  BLOCKED_SITE: 'https://www.linkedin.com/jobs/view/3912345678/',
  FETCH_TIMEOUT: 'https://careers.slow-site.example/jobs/77',
  FETCH_NOT_FOUND: 'https://boards.greenhouse.io/contoso/jobs/4000001',
  FETCH_BLOCKED_ADDRESS: 'http://169.254.169.254/latest/meta-data/',
  TOO_MANY_URLS: '5 of 8 links',
};

/**
 * One error card per distinct look: each code with its own heading, the generic "I could not use that"
 * (BAD_URL), and the two the bot shows in `attention` colour. Every other code looks like BAD_URL
 * (the existing cards.test.ts renders every code).
 */
const errorKinds: ErrorCode[] = ['NO_URL', 'NOT_A_JOB', 'BLOCKED_SITE', 'FETCH_TIMEOUT', 'FETCH_NOT_FOUND', 'FETCH_BLOCKED_ADDRESS', 'TOO_MANY_URLS', 'BAD_URL', 'JOB_NOT_FOUND', 'DATABASE_UNAVAILABLE', 'INTERNAL'];

/** The help lines as the bot lists them (its own line, the link line, then every text command's). */
function helpLines(): HelpCommand[] {
  // The handlers never run here: only each command's `help` is read.
  const commands = textCommands({} as JobActions, {} as ReminderActions, {} as ProfileActions);
  return [{ example: 'https://…', does: 'Paste a job link and I save it with its details' }, { example: 'help', does: 'Show this list' }, ...commands.flatMap((c) => (c.help ? [c.help] : []))];
}

/** The heading the bot gives a choice card (src/bot/jobActions.ts `withReference`). */
const choiceHeading = (reference: string) => `Several of your jobs match "${reference}". Which one?`;

const linkedInUrl = 'https://www.linkedin.com/jobs/view/3912345678/?refId=8f1c2b3a&trackingId=Zm9vYmFyYmF6';

// ---- hostile data -----------------------------------------------------------------------------

const hostilePosting = posting({
  url: 'javascript:alert(document.cookie)//https://evil.example',
  source: 'text',
  canonicalUrl: 'javascript:alert(1)',
  title: h(HOSTILE.long),
  company: h(HOSTILE.unbroken),
  location: { text: h(HOSTILE.rtl) },
  remote: 'remote',
  employmentType: h(HOSTILE.lines),
  salary: { min: 1e15, max: 9.99e15, currency: 'XXX', unit: 'hour' },
  datePosted: new Date('2026-11-02T00:00:00Z'),
  validThrough: new Date('2026-12-31T23:59:00Z'),
  open: false,
});
/** A link as the link finder may pass it on: http(s), but its path and query are the sender's. */
const hostileUrl = `https://evil.example/jobs/1?q=${HOSTILE.probe}&pad=${'x'.repeat(1500)}`;
const hostileNotes: Note[] = [
  { id: 'note-h1', text: h(HOSTILE.long), at: daysBefore(1) },
  { id: 'note-h2', text: `${HOSTILE.lines}\n${HOSTILE.probe}`, at: daysBefore(2) },
  { id: 'note-h3', text: h(HOSTILE.unbroken), at: daysBefore(3) },
];
const hostileView = view(hostilePosting, 'interviewing', 2, hostileNotes);
const hostileListViews = Array.from({ length: 10 }, (_, i) =>
  view(posting({ url: `https://evil.example/jobs/${i}`, title: h(i % 2 ? HOSTILE.long : HOSTILE.unbroken), company: h(HOSTILE.rtl), location: { text: h() }, remote: 'hybrid' }), 'offer', i),
);
/** The longest journey a card shows (60 entries), every entry a 10 KB hostile note: the size worst case. */
const hostileEvents: JourneyEvent[] = Array.from({ length: 75 }, (_, i) => ({
  id: `evt-h${i}`,
  userKey: USER_KEY,
  jobId: hostileView.job.id,
  type: (['note', 'notice', 'reminderSet', 'status'] as const)[i % 4],
  at: daysBefore(75 - i),
  data: { text: h(i % 2 ? HOSTILE.long : HOSTILE.unbroken), dueText: h(), from: h(), to: h() },
}));
/** Size worst case: a full journey of long notes in a script that takes 3 bytes a character (Japanese). */
const cjkNote = '面接の準備として、チームの技術スタックと最近のリリースノートを読み直しました。'.repeat(12);
const cjkEvents: JourneyEvent[] = Array.from({ length: 60 }, (_, i) => ({
  id: `evt-cjk${i}`,
  userKey: USER_KEY,
  jobId: hostileView.job.id,
  type: 'note',
  at: daysBefore(60 - i),
  data: { text: cjkNote },
}));

// ---- the list ---------------------------------------------------------------------------------

function sample(name: string, render: () => AdaptiveCardJson, meta: { hostile?: boolean; allowedUrls?: string[] } = {}): CardSample {
  let card: AdaptiveCardJson | undefined;
  return {
    name,
    get card() {
      card ??= render();
      return card;
    },
    hostile: meta.hostile ?? false,
    allowedUrls: meta.allowedUrls ?? [],
  };
}

/** Every card the bot sends, with representative data; hostile variants last. */
export const cardSamples: readonly CardSample[] = [
  sample('job-full', () => jobCard(view(contoso, 'applied', 6, contosoNotes), jobOptions), { allowedUrls: [contoso.url] }),
  sample(
    'job-bare',
    () => jobCard(view(posting({ url: 'text:pasted', source: 'text', title: 'Junior Data Analyst' }), 'saved', 0), jobOptions),
  ),
  sample('job-not-saved-group-chat', () => jobCard({ posting: fabrikam }, jobOptions), { allowedUrls: [fabrikam.url] }),
  sample(
    'job-with-notice',
    () => jobCard(view(fabrikam, 'interviewing', 1), { ...jobOptions, notice: errorCatalogue.NOTE_TOO_LONG, noticeColor: 'attention' }),
    { allowedUrls: [fabrikam.url] },
  ),
  sample('job-saved-notice', () => jobCard(view(woodgrove, 'saved', 0), { ...jobOptions, notice: 'Saved to your collection', noticeColor: 'good' }), {
    allowedUrls: [woodgrove.url],
  }),
  sample('list-page-1-of-3-filtered', () => jobListCard({ items: listViews.map(listed), total: 27, page: 0, pageSize: 10, query: { status: 'applied', text: 'engineer' } })),
  sample('list-empty', () => jobListCard({ items: [], total: 0, page: 0, pageSize: 10, query: {} })),
  sample('timeline', () => {
    const v = view(contoso, 'interviewing', 1);
    return timelineCard(v, timelineEvents(v.job.id), { timeZone: SAMPLE_TIME_ZONE, now: SAMPLE_NOW });
  }),
  sample('compare-2', () => compareCard([view(contoso, 'applied', 6), view(fabrikam, 'interviewing', 1)], { timeZone: SAMPLE_TIME_ZONE, matchScores: [78, 85] })),
  sample('compare-4-mixed-currencies', () =>
    compareCard([view(contoso, 'applied', 6), view(northwind, 'saved', 2), view(woodgrove, 'offer', 1), view(tailspin, 'ghosted', 30)], {
      timeZone: SAMPLE_TIME_ZONE,
      matchScores: [78, 64, undefined, 91],
    }),
  ),
  sample('help', () => helpCard(helpLines())),
  sample('help-after-no-link', () => helpCard(helpLines(), new AppError('NO_URL').userMessage)),
  sample('paste-text-blocked-site', () => pasteTextCard(linkedInUrl), { allowedUrls: [linkedInUrl] }),
  ...errorKinds.map((code) => sample(`error-${code}`, () => errorCard(new AppError(code), errorSubjects[code] ?? ''))),
  sample('notice-removed', () => noticeCard('Removed', `"${contoso.title}" at ${contoso.company} and its notes and timeline are no longer in your collection.`)),
  sample('notice-expiring-with-link', () => noticeCard('A saved job expires soon', `"${woodgrove.title}" at ${woodgrove.company} expires on 5 Dec 2026, in 3 days.`, woodgrove.url), {
    allowedUrls: [woodgrove.url],
  }),
  sample('choice', () =>
    choiceCard(choiceHeading('engineer'), [contoso, fabrikam, woodgrove, tailspin].map((p) => ({ title: `${p.title} · ${p.company}`, postingId: p.id }))),
  ),

  // Worst cases: hostile strings in every text field.
  sample('hostile-job-tracked', () => jobCard(hostileView, { ...jobOptions, notice: h(HOSTILE.lines), noticeColor: 'warning' }), { hostile: true }),
  sample('hostile-job-not-saved', () => jobCard({ posting: hostilePosting }, { ...jobOptions, timeZone: h() }), { hostile: true }),
  sample('hostile-list', () => jobListCard({ items: hostileListViews.map(listed), total: 999, page: 3, pageSize: 10, query: { text: h(HOSTILE.long) } }), { hostile: true }),
  sample('hostile-timeline-60-entries', () => timelineCard(hostileView, hostileEvents, { timeZone: h(), now: SAMPLE_NOW }), { hostile: true }),
  sample('worst-size-timeline-60-japanese-notes', () => timelineCard(view(contoso, 'interviewing', 1), cjkEvents, { timeZone: SAMPLE_TIME_ZONE, now: SAMPLE_NOW })),
  sample('hostile-compare-4', () => compareCard([hostileView, ...hostileListViews.slice(0, 3)], { timeZone: h(), matchScores: [100, 0, undefined, 55] }), { hostile: true }),
  sample('hostile-help', () => helpCard([{ example: h(), does: h(HOSTILE.long) }, ...helpLines()], h(HOSTILE.lines)), { hostile: true }),
  sample('hostile-error', () => errorCard(new AppError('NOT_A_JOB'), h(HOSTILE.long)), { hostile: true }),
  sample('hostile-notice', () => noticeCard(h(), h(HOSTILE.lines), 'javascript:alert(document.cookie)'), { hostile: true }),
  sample('hostile-paste-text', () => pasteTextCard(hostileUrl), { hostile: true, allowedUrls: [hostileUrl] }),
  sample('hostile-choice', () => choiceCard(choiceHeading(h()), hostileListViews.slice(0, 4).map((v) => ({ title: v.posting.title!, postingId: v.posting.id }))), { hostile: true }),
];
