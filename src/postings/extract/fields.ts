import type { ExtractedPosting, Remote } from '../posting';

/** What one reader (JSON-LD, page, pasted text) found; the entry point merges them into a posting. */
export type PostingFields = Partial<Omit<ExtractedPosting, 'source' | 'url'>>;

/** schema.org employmentType values, as a person would write them. */
const EMPLOYMENT_LABELS: Record<string, string | undefined> = {
  FULL_TIME: 'Full-time',
  PART_TIME: 'Part-time',
  CONTRACTOR: 'Contract',
  CONTRACT: 'Contract',
  TEMPORARY: 'Temporary',
  INTERN: 'Internship',
  INTERNSHIP: 'Internship',
  VOLUNTEER: 'Volunteer',
  PER_DIEM: 'Per diem',
  SEASONAL: 'Seasonal',
  PERMANENT: 'Permanent',
  // "OTHER" says nothing a user can act on.
  OTHER: undefined,
};

/** Turns employment types (schema.org codes or free text, one or several) into one readable label. */
export function employmentLabel(values: readonly string[]): string | undefined {
  const labels: string[] = [];
  for (const value of values.flatMap((v) => v.split(/\s*,\s*/))) {
    const text = value.trim();
    if (!text || text.length > 60) continue;
    const code = text.toUpperCase().replace(/[\s-]+/g, '_');
    const label = code in EMPLOYMENT_LABELS ? EMPLOYMENT_LABELS[code] : text;
    if (label && !labels.includes(label)) labels.push(label);
  }
  return labels.length > 0 ? labels.join(', ') : undefined;
}

/** A case-insensitive pattern matching any of the phrases as whole words, accents included. */
function wordsPattern(phrases: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\d])(?:${phrases.join('|')})(?![\\p{L}\\d])`, 'iu');
}

const HYBRID_WORDS = wordsPattern(['hybrid', 'hybride', 'híbrido', 'ibrido']);
// "Remote sensing" and its kin are fields of work, not ways of working.
const REMOTE_WORDS = wordsPattern(['remote(?! (?:sensing|control|monitoring|access|pilot|operations? centre|operations? center))', 'fully remote', 'work from home', 'wfh', 't[ée]l[ée]travail', 'home[- ]?office', 'remoto', 'à distance', 'fully distributed']);
const ONSITE_WORDS = wordsPattern(['on[- ]?site', 'in[- ]office', 'in[- ]person', 'présentiel', 'sur site', 'vor ort']);

/** 'remote', 'hybrid' or 'onsite' when one of the short texts (title, location, type) says so clearly. */
export function remoteFromWords(texts: readonly (string | undefined)[]): Remote | undefined {
  const joined = texts.filter((t): t is string => Boolean(t)).join(' \n ');
  if (HYBRID_WORDS.test(joined)) return 'hybrid';
  if (REMOTE_WORDS.test(joined)) return 'remote';
  if (ONSITE_WORDS.test(joined)) return 'onsite';
  return undefined;
}

/** One line of display text: tags removed, whitespace collapsed, `undefined` when empty or absurdly long. */
export function cleanLine(value: unknown, maxLength = 300): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text && text.length <= maxLength ? text : undefined;
}

/** Titles pages use for a shell or a generic page, never for one job. */
const GENERIC_TITLES = /^(?:job|jobs|job detail|job details|job description|careers?|career site|home|apply|apply now|application|search|search results|sign in|log ?in|error|not found|page not found|404|loading\.*|untitled|share page)$/i;

/** Whether a candidate title is a real job title rather than a site's generic label. */
export function isSpecificTitle(title: string | undefined): title is string {
  return title !== undefined && title.length >= 2 && !GENERIC_TITLES.test(title);
}

/** Contract and schedule words as pages print them on their own (beside a title, in a top card). */
const EMPLOYMENT_WORDS = /^(?:full[- ]?time|part[- ]?time|full or part[- ]time|contract|contractor|temporary|permanent|internship|intern|freelance|fixed[- ]term|seasonal|vollzeit|teilzeit|voll- oder teilzeit|festanstellung|befristet|unbefristet|praktikum|werkstudent(?:in)?|minijob|cdi|cdd|stage|alternance|intérim|temps plein|temps partiel|tiempo completo|medio tiempo)$/i;

/** Whether a whole line is an employment type ("Full-time", "Festanstellung", "CDI"). */
export function isEmploymentWords(line: string): boolean {
  return EMPLOYMENT_WORDS.test(line.trim());
}
