import type { ExtractedPosting } from '../postings/posting';
import { isHeading, isKnownHeading } from '../postings/extract/sections';

/** What a section of a posting is about. */
export type SectionKind = 'responsibilities' | 'required' | 'preferred' | 'benefits' | 'about' | 'description' | 'other';

/** One line of a section: a bullet, or a paragraph line. */
export interface OutlineLine {
  text: string;
  bullet: boolean;
}

/** A run of lines under one heading. `strength` says how sure the heading is of its kind (3: "Required qualifications", 2: "Skills"). */
export interface OutlineSection {
  heading?: string;
  kind: SectionKind;
  strength: number;
  lines: OutlineLine[];
}

/** A posting read as sections, plus the "Label: value" facts of ATS pages ("Travel Required: Less than 10%"). */
export interface PostingOutline {
  sections: OutlineSection[];
  facts: string[];
}

/** The kinds whose lines are lists a summary picks from. */
export const LIST_KINDS: ReadonlySet<SectionKind> = new Set(['responsibilities', 'required', 'preferred', 'benefits']);

type Rule = [pattern: RegExp, kind: SectionKind, strength: number];

/**
 * Heading phrases, tested on the whole heading (lower case, trailing punctuation gone). Preferred comes before required so
 * "Preferred qualifications" is not read as "qualifications"; required comes before about so "About you" is not "About us".
 */
const HEADING_RULES: Rule[] = [
  [/^(?:preferred|desired|desirable|bonus|nice[- ]to[- ]haves?|optional|additional preferred)\b/, 'preferred', 3],
  [/\b(?:nice[- ]to[- ]haves?|bonus points?|(?:is |are |would be )?a (?:big |huge )?plus|pluses|may also have|also have experience|extra credit|good to have|it's a plus|atouts?|un plus|souhaitée?s?|appréciée?s?|wünschenswert|von vorteil|deseable)\b/, 'preferred', 3],
  [/^(?:(?:basic|minimum|required|key|essential|core|mandatory|technical|job|your|the|our)\s+)*(?:qualifications?|requirements?|prerequisites|must[- ]haves?)(?:\s+(?:&|and)\s+[\w ]+)?$/, 'required', 3],
  [/^(?:required|minimum|basic|essential|mandatory)\b/, 'required', 3],
  [/^(?:what (?:you(?:'ll| will)? (?:need|bring)(?: to succeed)?|we(?:'re| are) looking for|we expect(?: from you)?|you should have|it takes)|who (?:you are|we(?:'re| are) looking for)|about you|your (?:profile|background|skills)|you have|you bring|you are|you may be a good fit.*|(?:you(?:'re| are|'ll be)? )?a (?:good|great) fit.*|(?:the )?ideal candidate.*|is this you|knowledge,? (?:and|&) skills(?: required)?|(?:skills|experience|knowledge),? (?:and|&) (?:experience|skills|qualifications|knowledge|competencies)(?: required)?|job qualifications|quel est le profil.*|profil(?: recherché| idéal| souhaité)?|votre profil|compétences requises|qualités.*requises|qualifications requises|ihr profil|dein profil|das bringst du mit|was du mitbringst|was sie mitbringen|anforderungen|requisitos|perfil)$/, 'required', 3],
  [/^(?:additional (?:requirements|qualifications)|(?:[a-z]+ )?skills(?: required)?|(?:required |relevant )?experience|competencies|education(?: (?:and|&) experience)?|certifications?|compétences(?: techniques| clés)?)$/, 'required', 2],
  [/^(?:areas of focus|what success looks like|how you(?:'ll| will) (?:make an impact|contribute))$/, 'responsibilities', 1],
  [/\b(?:responsibilities|duties|accountabilities)\b/, 'responsibilities', 3],
  [/^(?:what you(?:'ll| will)? (?:do|be doing|be working on|work on)|your (?:role|mission|missions|impact|day[- ]to[- ]day|tasks)|day[- ]to[- ]day|in this role(?: you will)?|the (?:details|job)|position duties|vos missions|missions?(?: principales)?|les missions.*|description du poste|ihre aufgaben|deine aufgaben|aufgaben|was dich erwartet|deine rolle|funciones|responsabilidades)$/, 'responsibilities', 3],
  [/^(?:job description|job summary|job purpose|position description|position summary|role (?:description|summary|overview)|summary|description|the (?:role|opportunity|position)|about the (?:role|job|position|opportunity|team)|primary purpose.*|purpose|your team|the team)$/, 'description', 1],
  [/^(?:benefits.*|perks.*|what we offer|we offer|our offer|why join.*|why (?:work|join) .*|compensation.*|total rewards.*|rewards|salary|pay|your (?:health|life|future|work life).*|avantages.*|ce que nous offrons|nous offrons|wir bieten|das bieten wir|was wir bieten|unser angebot|ofrecemos|beneficios)$/, 'benefits', 1],
  [/^(?:about .*|who we are|company description|our company|the company|overview|qui sommes-nous|quelques mots.*|über uns|how we(?:'re| are) different|why .*|our (?:mission|story|values))$/, 'about', 1],
  [/^(?:how to apply|the process|(?:our )?(?:interview|hiring|application|recruitment) process|additional information|informations? suppl.*|logistics|referral.*|other notices|equal opportunity.*|where you'll be|schedule.*|location|not for you if|note|sample week.*|what's next)$/, 'other', 1],
];

const BULLET = /^(?:[•·▪●◦‣∙*–-]|\d{1,2}[.)])\s+/;
const VALUE_WORD = /^(?:none|n\/?a|no|yes|not applicable|-|\d[\d\s,.%+<>-]*)$/i;

/** The kind of a heading, or undefined when it names nothing a summary uses. */
export function classifyHeading(heading: string): { kind: SectionKind; strength: number } | undefined {
  const text = heading.toLowerCase().replace(/’/g, "'").replace(/[\s:.…?!]+$/, '').replace(/^[\s#*]+/, '').replace(/\s+/g, ' ');
  if (!text || text.split(' ').length > 10) return undefined;
  for (const [pattern, kind, strength] of HEADING_RULES) if (pattern.test(text)) return { kind, strength };
  return undefined;
}

/** Reads a posting as sections: its description's headings, or the ATS's own sections when the description has none. */
export function outlinePosting(posting: Pick<ExtractedPosting, 'description' | 'sections'>): PostingOutline {
  const fromText = posting.description ? outlineText(posting.description) : { sections: [], facts: [] };
  if (hasLists(fromText) || !posting.sections || Object.keys(posting.sections).length === 0) return fromText;
  const atsText = Object.entries(posting.sections).map(([name, lines]) => `${name.replace(/[-_]+/g, ' ')}:\n${lines.join('\n')}`).join('\n\n');
  const fromAts = outlineText(atsText);
  return hasLists(fromAts) || fromText.sections.length === 0 ? fromAts : fromText;
}

function hasLists(outline: PostingOutline): boolean {
  return outline.sections.some((s) => (s.kind === 'required' || s.kind === 'responsibilities') && s.lines.length > 0);
}

/** Splits plain posting text into sections by its headings and bullets. */
export function outlineText(text: string): PostingOutline {
  const lines = unflatten(text).split('\n').map((l) => l.trim());
  const sections: OutlineSection[] = [];
  const facts: string[] = [];
  let current: OutlineSection = { kind: 'description', strength: 0, lines: [] };
  sections.push(current);
  let bulletsSeen = false;
  let blankBefore = false;
  const start = (section: OutlineSection): void => {
    current = section;
    sections.push(section);
    bulletsSeen = false;
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) {
      blankBefore = true;
      continue;
    }
    const next = nextLine(lines, i);
    const fact = labelValue(lines, i, next);
    if (fact) {
      facts.push(fact);
      i = next;
      blankBefore = false;
      continue;
    }
    const inline = inlineHeading(line);
    if (inline) {
      start({ heading: inline.heading, ...inline.kind, lines: [{ text: inline.rest, bullet: false }] });
    } else if (isHeadingLine(line)) {
      const kind = classifyHeading(line);
      const subheading = !kind && LIST_KINDS.has(current.kind) && BULLET.test(lines[next] ?? '');
      // An unknown heading over bullets inside a list ("Secrétariat de direction") groups items; it does not end the list.
      if (!subheading) start({ heading: line.replace(/\s*:$/, ''), kind: kind?.kind ?? 'other', strength: kind?.strength ?? 0, lines: [] });
    } else if (BULLET.test(line)) {
      current.lines.push({ text: line.replace(BULLET, '').trim(), bullet: true });
      bulletsSeen = true;
    } else if (LIST_KINDS.has(current.kind) && isShortLabel(line) && BULLET.test(lines[next] ?? '')) {
      // A short plain line over bullets is a sub-heading of the list it sits in.
    } else {
      if (LIST_KINDS.has(current.kind) && endsList(current, line, bulletsSeen, blankBefore)) start({ kind: 'other', strength: 0, lines: [] });
      current.lines.push({ text: line, bullet: false });
    }
    blankBefore = false;
  }
  return { sections: sections.filter((s) => s.lines.length > 0 || s.heading), facts };
}

/** A paragraph after a list's bullets, or a second long paragraph, is the posting moving on (an EEO note, "About us"). */
function endsList(section: OutlineSection, line: string, bulletsSeen: boolean, blankBefore: boolean): boolean {
  if (bulletsSeen) return true;
  if (!blankBefore || section.lines.length === 0) return false;
  return line.length > 200 || section.lines.some((l) => l.text.length > 200);
}

function nextLine(lines: string[], i: number): number {
  let j = i + 1;
  while (j < lines.length && !lines[j]) j += 1;
  return j;
}

function isShortLabel(line: string): boolean {
  return line.length <= 70 && !/[.!;,]$/.test(line) && line.split(/\s+/).length <= 9;
}

/** Whether a line is a heading: the extractor's own rule, or a short line that names a section kind. */
function isHeadingLine(line: string): boolean {
  if (BULLET.test(line)) return false;
  if (isHeading(line)) return true;
  const bare = line.replace(/(?:…|\.{2,})$/, '');
  return line.length <= 70 && !/[.,;!]$/.test(bare) && /^\p{Lu}/u.test(line) && bare.split(/\s+/).length <= 9 && classifyHeading(line) !== undefined;
}

/** "Travel Required:" over "Less than 10%": an ATS key and its value, read as one fact rather than a heading and an item. */
function labelValue(lines: string[], i: number, next: number): string | undefined {
  const label = lines[i];
  const value = lines[next];
  if (!label.endsWith(':') || label.length > 60 || value === undefined || value.length > 60) return undefined;
  if (value.endsWith(':') || BULLET.test(value) || isHeadingLine(value)) return undefined;
  const alone = next + 1 >= lines.length || lines[next + 1] === '' || lines[next + 1].endsWith(':');
  const kind = classifyHeading(label);
  if (!alone || (kind && LIST_KINDS.has(kind.kind) && !VALUE_WORD.test(value))) return undefined;
  return `${label} ${value}`;
}

/** "Basic Qualifications: 2+ years of…" on one line: a known heading with its first item. */
function inlineHeading(line: string): { heading: string; kind: { kind: SectionKind; strength: number }; rest: string } | undefined {
  const match = /^([^:]{3,45}):\s+(\S.{2,})$/.exec(line);
  if (!match || !isKnownHeading(match[1])) return undefined;
  const kind = classifyHeading(match[1]);
  return kind && LIST_KINDS.has(kind.kind) ? { heading: match[1], kind, rest: match[2] } : undefined;
}

/**
 * Headings a source ran into its paragraphs (a JSON-LD description with its markup stripped), found by their usual
 * capitalisation after a sentence end. One capture group: `split` keeps the headings.
 */
const INLINE_HEADING = new RegExp(
  `(?<=^|[.!?’')\\]]\\s)(${[
    'Key [Rr]esponsibilities(?: (?:&|and) [Aa]ccountabilities)?', '(?:Main |Your )?Responsibilities', 'Requirements', 'Qualifications',
    'Knowledge and skills required', 'Skills and [Ee]xperience', '(?:Essential|Desirable|Required|Preferred|Minimum|Basic) (?:[Ss]kills|[Qq]ualifications|[Ee]xperience|[Rr]equirements)',
    'What you(?:\'|’)ll (?:do|bring|need)', 'What you bring', 'What we(?:\'|’)re looking for', 'About you', 'Nice to have', 'Benefits',
    'Leadership [Ss]kills', 'Primary Purpose of (?:the )?Role', 'Job Description', 'About the role',
  ].join('|')})(?=:?\\s+\\p{Lu})`,
  'gu',
);
const ITEM_STARTERS = [
  'Experience', 'Understanding', 'Ability', 'Knowledge', 'An understanding', 'Working', 'Defining', 'Sometimes', 'Production', 'May be', 'Define',
  'Will be', 'Proven', 'Strong', 'Excellent', 'Demonstrated', 'Familiarity', 'Encourages', 'Adept', 'To work', 'Note', 'Degree', 'Bachelor',
  'Proficiency', 'Hands-on', 'Must',
];
const ITEM_BREAK = new RegExp(`(?<=[.!?])\\s+(?=\\p{Lu})|(?<=[a-z)])\\s+(?=(?:${ITEM_STARTERS.join('|')})\\b)`, 'u');

/** Puts run-in headings back on their own lines and their run-in items back into bullets. */
function unflatten(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length < 800) return line;
      const parts = line.split(INLINE_HEADING);
      if (parts.length === 1) return line;
      const out = [parts[0].trim()];
      for (let i = 1; i < parts.length; i += 2) {
        out.push('', parts[i]);
        for (const item of (parts[i + 1] ?? '').split(ITEM_BREAK)) if (item.trim()) out.push(`• ${item.trim()}`);
      }
      return out.join('\n');
    })
    .join('\n');
}
