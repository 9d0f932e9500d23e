import type { ExtractedPosting } from '../postings/posting';
import { clipLine } from './summary';

/** Seniority words of job titles, most specific first, with the label a card shows. */
const TITLE_LEVELS: [RegExp, string][] = [
  [/\b(?:intern|internship|stagiaire|praktikant(?:in)?|werkstudent(?:in)?)\b/i, 'Internship'],
  [/\b(?:chief|vp|vice president|head of|director)\b/i, 'Executive'],
  [/\b(?:principal|distinguished)\b/i, 'Principal'],
  [/\bstaff\b/i, 'Staff'],
  [/\b(?:senior|sr\.?|lead|confirmé|expérimenté)\b/i, 'Senior'],
  [/\b(?:junior|jr\.?|entry[- ]level|graduate|débutant|associate)\b/i, 'Junior'],
  [/\b(?:manager|team lead|supervisor|deputy)\b/i, 'Manager'],
  [/\s(?:I|1)\b(?:\s|$|-)/, 'Entry level (I)'],
  [/\s(?:II|2)\b(?:\s|$|-)/, 'Mid level (II)'],
  [/\s(?:III|3)\b(?:\s|$|-)/, 'Senior (III)'],
];

/** Team and product cues: "join the Enterprise Security Architecture group", "Anthropic's Data Center Security Engineering team". */
const TEAM_PATTERNS = [
  /\b(?:join(?:ing)?|part of|member of|within|in)\s+(?:the|our)\s+((?:\p{Lu}[\w&/’'-]*)(?:\s+[\w&/’'-]+){0,4}?)\s+([Tt]eam|[Gg]roup|[Oo]rgani[sz]ation|[Dd]epartment|[Dd]ivision|[Ss]quad|[Tt]ribe)\b/u,
  /\b\p{Lu}\w*['’]s\s+((?:\p{Lu}[\w&-]*)(?:\s+\p{Lu}[\w&-]*){0,5})\s+(team|group)\b/u,
  /\b[Tt]he\s+((?:\p{Lu}[\w&-]*)(?:\s+\p{Lu}[\w&-]*){0,4})\s+(team|group|organi[sz]ation)\b/u,
];
const PRODUCT_PATTERN = /\bfor our\s+((?:\p{Lu}[\w&-]*)(?:\s+\p{Lu}[\w&-]*){0,3})\s+(business|product|platform)\b/u;

/** One line: role and company, seniority, team or product. */
export function buildGist(posting: Pick<ExtractedPosting, 'title' | 'company' | 'description' | 'employmentType'>, requiredYears: number | undefined): string {
  const title = cleanTitle(posting.title ?? '') || 'Job';
  const parts = [posting.company ? `${title} at ${posting.company}` : title];
  const level = seniority(title, requiredYears);
  if (level) parts.push(level);
  const team = teamOf(posting.description ?? '');
  if (team) parts.push(team);
  return clipLine(parts.join(' · '));
}

/** Titles carry gender and contract markers that say nothing about the role ("H/F - CDI", "(f/m/x)"). */
function cleanTitle(title: string): string {
  return title
    .replace(/\s*[(\[]?\b(?:[fmwdxh]\s*\/\s*){1,3}[fmwdxh]\b[)\]]?/gi, '')
    .replace(/\s*[-–—|]\s*(?:CDI|CDD|full[- ]time|part[- ]time)\s*$/i, '')
    .replace(/\s+[-–—]\s*$/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function seniority(title: string, years: number | undefined): string | undefined {
  const fromTitle = TITLE_LEVELS.find(([pattern]) => pattern.test(title))?.[1];
  const yearsText = years !== undefined ? `${years}+ years` : undefined;
  if (fromTitle) return yearsText ? `${fromTitle}, ${yearsText}` : fromTitle;
  if (years === undefined) return undefined;
  const level = years >= 8 ? 'Senior' : years >= 5 ? 'Experienced' : years >= 2 ? 'Mid level' : 'Entry level';
  return `${level}, ${yearsText}`;
}

function teamOf(description: string): string | undefined {
  const text = description.slice(0, 3000);
  for (const pattern of TEAM_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return `${match[1]} ${match[2].toLowerCase()}`;
  }
  const product = PRODUCT_PATTERN.exec(text);
  return product ? `${product[1]} ${product[2]}` : undefined;
}
