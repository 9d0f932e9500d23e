import { AppError } from '../errors';
import { htmlToText } from '../postings/extract/text';
import { SKILL_LEXICON, type SkillEntry, type SkillKind } from './skillLexicon';

/** A skill named in a text, with where it was named. */
export interface SkillMention {
  skill: string;
  kind: SkillKind;
  start: number;
  end: number;
}

/** A skill found in a text, with the words that name it. */
export interface FoundSkill {
  skill: string;
  evidence: string;
}

/** What a user's typed list or pasted résumé came to. Only canonical or typed skill names: the text itself is never kept. */
export interface ParsedSkills {
  /** Canonical names first where known, then unknown ones as typed; deduplicated. */
  skills: string[];
  /** The typed names the lexicon does not know (a subset of `skills`). */
  unknown: string[];
  /** Whether the input read as a list of skills or as a résumé. */
  from: 'list' | 'resume';
}

/** Most skills a profile keeps. */
export const MAX_PROFILE_SKILLS = 100;
/** Longest skill name kept as typed; a longer item is read as prose. */
export const MAX_SKILL_CHARS = 60;
/** Longest text accepted as a list or résumé (a long résumé is ~30,000 characters). */
export const MAX_PROFILE_INPUT_CHARS = 200_000;

interface Token {
  key: string;
  raw: string;
  start: number;
  end: number;
}

interface Spelling {
  entry: SkillEntry;
  keys: string[];
  raws: string[];
  exact: boolean;
}

// '.NET' starts with a dot; '+', '#' and inner dots belong to names (C++, C#, Node.js); '/' and '&' are tokens of their own
// so "CI/CD" and "TS/SCI" can be spelled out while "Python/Perl" still splits.
const TOKEN = /\.net\b|[\p{L}\p{N}][\p{L}\p{N}+#.'’]*|[/&]/giu;
// Short all-capital spellings are acronyms: "REST" is a skill, "rest" is a word.
const ACRONYM = /^[A-Z][A-Z0-9+#/.&-]{0,4}$/;
const LANGUAGE_CUE = /\b(?:fluen|speak|spoken|written|verbal|command of|proficien|native|bilingual|languages?\b|langues?\b|sprach|kenntnisse|niveau|is a plus|a plus|mother tongue)/i;
// What introduces a skill in a list: punctuation or a listing word. "and"/"or" only count among other skills.
const CONTEXT_CUE = /(?:[,(/:;&]|\b(?:with|in|using|of|like|e\.g|including|incl|such as|plus|experience|knowledge|proficiency|proficient|skills|expertise|familiarity|fluency|languages?|software|tools?|logiciels?|outils|avec|mit|Kenntnisse in))\s*$/i;
const JOINER_CUE = /\b(?:and|or|et|ou|und|oder)\s*$/i;
const EXPERIENCE_WORD = /experience|expérience|expérimenté|erfahrung/i;
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15,
};
const YEARS = /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)\s*\+?\s*(?:(?:-|–|to|à|bis)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?|ans|jahre)\b/gi;
// What follows "N years" when a requirement means work experience without saying the word.
const YEARS_OF_WORK = /^\s*(?:of\s+)?(?:in|of|across|as|securing|managing|working|with|building|leading|hands-on|professional|relevant|related|industry|direct|post)\b/i;

const keyOf = (raw: string): string => raw.toLowerCase().replace(/’/g, "'");

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    // A trailing dot ends a sentence and a trailing apostrophe a possessive: neither is part of a name.
    const raw = match[0].replace(/[.'’]+$/, '');
    if (!raw) continue;
    tokens.push({ raw: raw.replace(/’/g, "'"), key: keyOf(raw), start: match.index, end: match.index + raw.length });
  }
  return tokens;
}

/** Every spelling of every skill, indexed by its first token, longest first. */
const SPELLINGS: ReadonlyMap<string, Spelling[]> = (() => {
  const index = new Map<string, Spelling[]>();
  for (const entry of SKILL_LEXICON) {
    for (const spelling of [entry.name, ...(entry.aliases ?? [])]) {
      const tokens = tokenize(spelling);
      if (tokens.length === 0) continue;
      const item = { entry, keys: tokens.map((t) => t.key), raws: tokens.map((t) => t.raw), exact: Boolean(entry.exactCase) || ACRONYM.test(spelling) };
      const list = index.get(item.keys[0]) ?? [];
      list.push(item);
      index.set(item.keys[0], list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  return index;
})();

/** Canonical name by every spelling a person may type, plain and compacted ("node js", "nodejs"). */
const TYPED: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const entry of SKILL_LEXICON) {
    for (const spelling of [entry.name, ...(entry.aliases ?? []), ...(entry.typed ?? [])]) {
      for (const key of [typedKey(spelling), compactKey(spelling)]) if (key && !map.has(key)) map.set(key, entry.name);
    }
  }
  return map;
})();

const ENTRIES: ReadonlyMap<string, SkillEntry> = new Map(SKILL_LEXICON.map((e) => [e.name, e]));

function typedKey(text: string): string {
  return keyOf(text).replace(/\s+/g, ' ').trim();
}

function compactKey(text: string): string {
  return keyOf(text).replace(/[\s._-]+/g, '');
}

/** The lexicon's entry for a canonical skill name. */
export function skillEntry(name: string): SkillEntry | undefined {
  return ENTRIES.get(name);
}

/** The years a canonical "N+ years experience" skill asks for. */
export function yearsOf(skill: string): number | undefined {
  const match = /^(\d{1,2})\+ years experience$/.exec(skill);
  return match ? Number(match[1]) : undefined;
}

const yearsSkill = (years: number): string => `${years}+ years experience`;

/** The canonical name of a typed skill ("k8s" → "Kubernetes", "5 yrs" → "5+ years experience"), or undefined when the lexicon does not know it. */
export function normalizeSkill(input: string): string | undefined {
  const text = input.replace(/[\s,;:!?]+$/, '').replace(/^[\s"'“”‘’]+|[\s"'“”‘’]+$/g, '').trim();
  if (!text) return undefined;
  const years = /^(\d{1,2})\s*\+?\s*(?:years?|yrs?)(?:\s+of)?(?:\s+(?:professional\s+)?experience)?$/i.exec(text);
  if (years) return yearsSkill(Number(years[1]));
  return TYPED.get(typedKey(text)) ?? TYPED.get(compactKey(text));
}

/** Skills named in one line of text, in order. `requirement` says the line is a stated requirement, where "4+ years" alone means experience. */
export function skillMentions(line: string, options: { requirement?: boolean } = {}): SkillMention[] {
  const tokens = tokenize(line);
  const candidates: { entry: SkillEntry; start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; ) {
    const spelling = SPELLINGS.get(tokens[i].key)?.find((s) => spelledAt(tokens, i, s));
    if (!spelling) {
      i += 1;
      continue;
    }
    candidates.push({ entry: spelling.entry, start: tokens[i].start, end: tokens[i + spelling.keys.length - 1].end });
    i += spelling.keys.length;
  }
  // A short requirement bullet ("• Rust", "• Go experience") is a skills context by itself.
  const anchored = candidates.some((c) => !c.entry.needsContext && !['spoken', 'degree'].includes(c.entry.kind))
    || (options.requirement === true && tokens.length <= 4);
  const mentions: SkillMention[] = [];
  for (const c of candidates) {
    // "Word et Excel", "C and C++": joined to a skill just accepted, an ambiguous word is in a list too.
    const previous = mentions[mentions.length - 1];
    const joined = previous !== undefined && c.start - previous.end <= 6 && JOINER_CUE.test(line.slice(previous.end, c.start));
    if (joined || accepted(line, c, anchored)) mentions.push({ skill: c.entry.name, kind: c.entry.kind, start: c.start, end: c.end });
  }
  mentions.push(...yearsMentions(line, options.requirement ?? false));
  return mentions.sort((a, b) => a.start - b.start);
}

function spelledAt(tokens: Token[], at: number, spelling: Spelling): boolean {
  if (at + spelling.keys.length > tokens.length) return false;
  for (let k = 0; k < spelling.keys.length; k += 1) {
    const token = tokens[at + k];
    if (token.key !== spelling.keys[k] || (spelling.exact && token.raw !== spelling.raws[k])) return false;
  }
  return true;
}

/** The guards that keep words from reading as skills: "Go" in "Go-to-market", "R" in "R&D", "C" in "C•CURE", "English" outside language talk. */
function accepted(line: string, c: { entry: SkillEntry; start: number; end: number }, anchored: boolean): boolean {
  if (c.entry.kind === 'spoken') return LANGUAGE_CUE.test(line);
  if (!c.entry.needsContext) return true;
  const before = line[c.start - 1] ?? ' ';
  const after = line[c.end] ?? ' ';
  if ((before === '-' && /\w/.test(line[c.start - 2] ?? '')) || (after === '-' && /\w/.test(line[c.end + 1] ?? ''))) return false;
  const preceding = line.slice(Math.max(0, c.start - 40), c.start);
  const cue = CONTEXT_CUE.test(preceding);
  if (c.entry.name.length > 1) return cue || anchored;
  // A single letter is a language only when it stands alone between separators, is introduced like one, and sits among other skills.
  return /[\s(,/]/.test(before) && /[\s,;:.)/]/.test(after) && (cue || JOINER_CUE.test(preceding)) && anchored;
}

function yearsMentions(line: string, requirement: boolean): SkillMention[] {
  const mentions: SkillMention[] = [];
  for (const match of line.matchAll(YEARS)) {
    const unit = match[0].toLowerCase();
    // French "ans" and German "Jahre" only count next to their word for experience, like English outside requirements.
    const end = match.index + match[0].length;
    const stated = EXPERIENCE_WORD.test(sentenceAround(line, match.index, end));
    // In a requirement "4+ years securing AWS" is experience; "history for up to three years" is not.
    const implied = requirement && !/ans|jahre/.test(unit) && YEARS_OF_WORK.test(line.slice(end, end + 30));
    // "less than 2 years" welcomes beginners; it asks for nothing.
    if ((!stated && !implied) || /\b(?:less than|under|moins de|weniger als)\s*$/i.test(line.slice(0, match.index))) continue;
    const years = Number(match[1]) || NUMBER_WORDS[match[1].toLowerCase()];
    if (!years || years > 40) continue;
    mentions.push({ skill: yearsSkill(years), kind: 'experience', start: match.index, end: match.index + match[0].length });
  }
  return mentions;
}

function sentenceAround(line: string, start: number, end: number): string {
  const from = Math.max(line.lastIndexOf('. ', start), line.lastIndexOf('; ', start));
  const stops = [line.indexOf('. ', end), line.indexOf('; ', end)].filter((i) => i >= 0);
  return line.slice(from < 0 ? 0 : from + 2, stops.length ? Math.min(...stops) + 1 : line.length);
}

/** The words around a mention, clipped to a card-sized snippet at word boundaries. */
export function evidenceSnippet(line: string, start: number, end: number, max = 160): string {
  const sentence = sentenceAround(line, start, end).trim().replace(/^(?:[•·▪●◦‣∙*–-]|\d{1,2}[.)])\s+/, '');
  if (sentence.length <= max) return sentence;
  const offset = line.indexOf(sentence);
  const centre = offset >= 0 ? (start + end) / 2 - offset : sentence.length / 2;
  let from = Math.max(0, Math.round(centre - max / 2));
  let to = Math.min(sentence.length, from + max);
  from = Math.max(0, to - max);
  if (from > 0) from = sentence.indexOf(' ', from) + 1 || from;
  if (to < sentence.length) to = sentence.lastIndexOf(' ', to) > from ? sentence.lastIndexOf(' ', to) : to;
  return `${from > 0 ? '…' : ''}${sentence.slice(from, to).trim()}${to < sentence.length ? '…' : ''}`;
}

/** Every skill a text names, once each, with the posting's (or résumé's) words as evidence. */
export function findSkills(text: string): FoundSkill[] {
  const found = new Map<string, FoundSkill>();
  for (const line of text.split('\n')) {
    for (const mention of skillMentions(line)) {
      if (!found.has(mention.skill)) found.set(mention.skill, { skill: mention.skill, evidence: evidenceSnippet(line, mention.start, mention.end) });
    }
  }
  return [...found.values()];
}

/**
 * Reads a user's skills from a typed list ("TS, k8s, Postgres") or a pasted résumé. Markup is stripped; a list keeps
 * unknown skills as typed, a résumé gives only the lexicon's skills. Throws a coded AppError for empty, oversized or skill-less input.
 */
export function parseSkillList(input: string): ParsedSkills {
  if (input.length > MAX_PROFILE_INPUT_CHARS) throw new AppError('PROFILE_TOO_LONG', { details: { chars: input.length } });
  const text = plainText(input);
  if (!/[\p{L}\p{N}]/u.test(text)) throw new AppError('PROFILE_EMPTY');
  if (readsLikeResume(text)) return fromResume(text);
  const items = text.split(/[\n,;|•·▪●]+/).map(cleanItem).filter(Boolean);
  const listLike = items.filter((item) => item.length <= MAX_SKILL_CHARS && item.split(/\s+/).length <= 5).length;
  return listLike >= items.length * 0.7 ? fromList(items) : fromResume(text);
}

/** Sentences and résumé headings give a résumé away even when commas cut it into short pieces. */
function readsLikeResume(text: string): boolean {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  if (/^(experience|work experience|employment|education|summary|profile|projects|work history)\b\s*:?/im.test(text)) return true;
  const sentence = (line: string) => {
    const words = line.split(/\s+/).length;
    return words > 8 && (line.match(/[,;|]/g)?.length ?? 0) < words / 3; // a long line of commas is still a list
  };
  return lines.some(sentence) || (lines.length >= 3 && lines.filter((line) => /[.!?]$/.test(line)).length >= 2);
}

function fromList(items: string[]): ParsedSkills {
  const skills = new Map<string, string>();
  const unknown: string[] = [];
  const add = (name: string, typed: boolean): void => {
    const key = name.toLowerCase();
    if (skills.has(key)) return;
    skills.set(key, name);
    if (typed) unknown.push(name);
  };
  for (const item of items) {
    const canonical = normalizeSkill(item);
    // "Go & Kotlin" is two skills; "Research and Development" stays one unless a part is a skill the lexicon knows.
    const parts = canonical ? [] : item.split(/\s+(?:&|and|or|et|und)\s+|\s*\/\s*/).map((part) => part.trim()).filter(Boolean);
    if (canonical) add(canonical, false);
    else if (parts.length > 1 && parts.some((part) => normalizeSkill(part))) for (const part of parts) add(normalizeSkill(part) ?? part, !normalizeSkill(part));
    else if (item.length <= MAX_SKILL_CHARS && item.split(/\s+/).length <= 5) add(item, true);
    else for (const found of findSkills(item)) add(found.skill, false);
  }
  if (skills.size === 0) throw new AppError('PROFILE_EMPTY');
  if (skills.size > MAX_PROFILE_SKILLS) throw new AppError('PROFILE_TOO_MANY_SKILLS', { details: { count: skills.size, max: MAX_PROFILE_SKILLS } });
  return { skills: [...skills.values()], unknown, from: 'list' };
}

function fromResume(text: string): ParsedSkills {
  const names = findSkills(text).map((found) => found.skill);
  const years = names.map(yearsOf).filter((n): n is number => n !== undefined);
  // A résumé states years for several jobs; the profile keeps the longest.
  const skills = names.filter((name) => yearsOf(name) === undefined);
  if (years.length > 0) skills.push(yearsSkill(Math.max(...years)));
  if (skills.length === 0) throw new AppError('PROFILE_NO_SKILLS_FOUND');
  return { skills: skills.slice(0, MAX_PROFILE_SKILLS), unknown: [], from: 'resume' };
}

function plainText(input: string): string {
  // Pasted from a web page or a rich editor: read it as HTML so tags, scripts and entities disappear.
  const text = /<[a-z!/][^>]*>|&[a-z#0-9]+;/i.test(input) ? htmlToText(input) : input;
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

function cleanItem(item: string): string {
  return item
    .replace(/^\s*(?:[-*–>]+|\d{1,2}[.)])\s+/, '')
    .replace(/^[*_`~]+|[*_`~]+$/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.:!?]+$/, '')
    .trim();
}
