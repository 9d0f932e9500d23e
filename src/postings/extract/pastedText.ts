import type { Location, Salary } from '../posting';
import { cleanLine, employmentLabel, isEmploymentWords, isSpecificTitle, remoteFromWords, type PostingFields } from './fields';
import { parseSalaryText } from './salary';
import { isHeading, looksLikePosting, sectionsFromText } from './sections';
import { tidyLines } from './text';

/** A pasted text read as a posting, or why it is not one. */
export type PastedReading =
  | { kind: 'posting'; fields: PostingFields }
  | { kind: 'notJob'; reason: 'tooShort' | 'empty' };

/** Below this (after page chrome is removed) a text cannot be a whole posting. */
const MIN_CHARS = 200;
const MIN_WORDS = 30;

/** Lines people copy along with a posting from a job site: buttons, counters, navigation, cookie banners. */
const CHROME_LINES: RegExp[] = [
  /^(?:skip to (?:main )?content|home|my network|jobs|messaging|notifications|me|for business|work|learning|menu|search)$/i,
  /^(?:easy apply|apply|apply now|apply on company website|save|saved|save this job|share|share this job|report this job|report job|show more|show less|see more|see less|(?:…|\.\.\.) ?(?:show|see) more|follow|following|message|sign in|join now|join|promoted|actively recruiting|be an early applicant|set alert|i'm interested|i’m interested|accept|accept all|accept cookies|reject|reject all|decline|manage preferences|cookie settings|dismiss|close|copy link|like|comment|repost|send|view job|meet the hiring team|how you match)$/i,
  /^save .{1,120} at .{1,120}$/i,
  /^(?:sign in|join or sign in|sign in to|join to|new to linkedin|email or phone|password|forgot password)\b/i,
  /^(?:try|retry|reactivate) premium\b|\btry premium for\b/i,
  /^see how you compare\b/i,
  /^(?:over )?[\d,.]+\+?\s*(?:followers|employees|applicants|connections|alumni)(?:\s*·.*)?$/i,
  /^[\d,.]+ on linkedin$/i,
  /^(?:(?:re)?posted\s+)?\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago$/i,
  /^set alert for similar jobs$/i,
  /^interested in working with us\b|^privately share your profile\b/i,
  /^(?:matches your job preferences|your profile matches|you may be a good fit)\b/i,
];

/** Cookie banners: sentences, so they are matched at any length. */
const COOKIE_BANNER = /\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|\bcookie (?:policy|settings|preferences|consent|notice)\b|\baccept (?:all )?cookies\b/i;

/** Chrome lines are short: a longer line that starts like one ("500+ employees worldwide build…") is prose. */
const MAX_CHROME_CHARS = 80;

/** Where a copied LinkedIn page stops being the posting: controls that only follow the description. */
const END_OF_POSTING = /^(?:show less|set alert for similar jobs|people also viewed|similar jobs|looking for talent\?|job search faster with premium)$/i;
/** Also the end, but only once LinkedIn's "About the job" has opened the posting (elsewhere it starts one). */
const END_AFTER_START = /^(?:about the company|more jobs)$/i;
/** LinkedIn's heading between the top card and the posting ("Job description" elsewhere is a section of the posting). */
const START_OF_POSTING = /^about the job$/i;

const LABELS: [RegExp, keyof Labelled][] = [
  [/^(?:job title|title|position|role)\s*:\s*(.+)$/i, 'title'],
  [/^(?:company|employer|organi[sz]ation|hiring company|company name)\s*:\s*(.+)$/i, 'company'],
  [/^(?:location|job location|work location|place of work|office)\s*:\s*(.+)$/i, 'location'],
  [/^(?:employment type|job type|contract type|type of employment|schedule)\s*:\s*(.+)$/i, 'employmentType'],
  [/^(?:salary|salary range|pay|pay range|compensation|base salary|base pay)\s*:\s*(.+)$/i, 'salary'],
  [/^(?:workplace type|workplace|work model|remote)\s*:\s*(.+)$/i, 'workplace'],
];

interface Labelled {
  title?: string;
  company?: string;
  location?: string;
  employmentType?: string;
  salary?: string;
  workplace?: string;
}

/** Reads a pasted posting: facts from its top lines and labels, sections from its headings; page chrome dropped. */
export function readPastedText(text: string): PastedReading {
  const { header, body } = splitHeader(tidyLines(text.replace(/\r\n?/g, '\n')).split('\n'));
  const description = tidyLines(body.join('\n'));
  if (description.length < MIN_CHARS || description.split(/\s+/).length < MIN_WORDS) return { kind: 'notJob', reason: 'tooShort' };
  if (!looksLikePosting(description)) return { kind: 'notJob', reason: 'empty' };
  return { kind: 'posting', fields: readFields(header, body, description) };
}

function isChrome(line: string): boolean {
  const text = line.trim();
  if (COOKIE_BANNER.test(text)) return true;
  return text.length <= MAX_CHROME_CHARS && CHROME_LINES.some((pattern) => pattern.test(text));
}

/**
 * LinkedIn copies put a top card (title, company · place, insights) before "About the job" and the company box after
 * the description; other texts start with the posting. Chrome lines are dropped from both parts.
 */
function splitHeader(lines: readonly string[]): { header: string[]; body: string[] } {
  const start = lines.findIndex((l) => START_OF_POSTING.test(l));
  const rest = lines.slice(start >= 0 ? start + 1 : 0);
  const end = rest.findIndex((l) => END_OF_POSTING.test(l) || (start >= 0 && END_AFTER_START.test(l)));
  const body = (end >= 0 ? rest.slice(0, end) : rest).filter((l) => !isChrome(l));
  const top = start >= 0 ? lines.slice(0, start).filter((l) => !isChrome(l)) : body;
  return { header: start >= 0 ? top : top.slice(0, firstParagraph(top)), body };
}

/** The index of the first line that is prose or a heading: everything above it is a header of short facts. */
function firstParagraph(lines: readonly string[]): number {
  const index = lines.findIndex((l) => l.length > 120 || isHeading(l));
  return index >= 0 ? Math.min(index, 12) : Math.min(lines.length, 12);
}

function readFields(header: string[], body: string[], description: string): PostingFields {
  const labels = readLabels([...header, ...body.slice(0, 40)]);
  const topCard = readTopCard(header.filter((l) => l.trim()));
  const hiring = hiringSentence(body);
  const location = labels.location ?? topCard.location;
  const shortLines = [...header, labels.workplace, labels.location, labels.title];
  return {
    title: cleanLine(labels.title ?? topCard.title ?? hiring.title, 200),
    company: cleanLine(labels.company ?? topCard.company ?? hiring.company, 200),
    location: location ? locationOf(location) : undefined,
    remote: remoteFromWords(shortLines),
    employmentType: employmentLabel([labels.employmentType, ...header.filter(isEmploymentWords)].filter((v): v is string => Boolean(v))),
    salary: salaryOf(labels.salary, header, body),
    description,
    sections: sectionsFromText(description),
  };
}

function readLabels(lines: readonly string[]): Labelled {
  const found: Labelled = {};
  for (const line of lines) {
    for (const [pattern, key] of LABELS) {
      const m = pattern.exec(line.trim());
      if (m && found[key] === undefined) found[key] = m[1].trim();
    }
  }
  return found;
}

/** The first short line is the title; a "Company · Place · Posted … · Applicants" line gives company and place. */
function readTopCard(header: readonly string[]): { title?: string; company?: string; location?: string } {
  const dotted = header.find((l) => l.includes(' · '));
  const [company, place] = dotted ? dotted.split(' · ').map((p) => p.trim()) : [];
  const first = header.find((l) => l !== dotted && isTitleLike(l));
  const atSplit = first ? /^(.+?)\s+(?:at|@)\s+([A-Z][^,.!?]{1,60})$/.exec(first) : null;
  return {
    title: atSplit ? atSplit[1] : first,
    company: company ?? atSplit?.[2],
    location: place && !/\bago\b|applicants?/i.test(place) ? place : undefined,
  };
}

function isTitleLike(line: string): boolean {
  const text = line.trim();
  return isSpecificTitle(text) && text.length <= 100 && text.split(/\s+/).length <= 12 && !/[.!?:]$/.test(text)
    && !isHeading(text) && !isEmploymentWords(text) && !/\d[\d,.]*\s*(?:k|\/yr|\/hr)|[$€£]/i.test(text) && remoteFromWords([text]) === undefined;
}

/** "Contoso is hiring a Senior Engineer to …": company and title from the posting's own first sentence. */
function hiringSentence(body: readonly string[]): { title?: string; company?: string } {
  for (const line of body.slice(0, 10)) {
    const m = /^([A-Z][\w&.,' -]{1,60}?) is (?:hiring|looking for|seeking) (?:an? )?([A-Z][\w&/,' -]{2,80}?)(?: to | who |[.,!]|$)/.exec(line);
    if (m) return { company: m[1], title: m[2] };
  }
  return {};
}

function locationOf(text: string): Location | undefined {
  const clean = cleanLine(text.replace(/\s*\((?:hybrid|remote|on-?site)\)\s*/i, ' '), 200);
  return clean ? { text: clean } : undefined;
}

/** A labelled salary, a pay line in the top card, or a sentence in the posting that states the pay range. */
function salaryOf(labelled: string | undefined, header: readonly string[], body: readonly string[]): Salary | undefined {
  if (labelled) return parseSalaryText(labelled);
  const payLine = header.find((l) => /[$€£₹]\s?\d|\d\s?(?:USD|EUR|GBP|CHF)\b/.test(l))
    ?? body.find((l) => /\b(?:salary|pay range|compensation|base pay)\b/i.test(l) && /[$€£₹]\s?\d/.test(l));
  if (!payLine) return undefined;
  const fromFigure = payLine.slice(payLine.search(/(?:[A-Z]{1,3})?[$€£₹]\s?\d|\d/));
  return parseSalaryText(fromFigure);
}
