import type { ExtractedPosting } from '../postings/posting';
import { extractConditions } from './conditions';
import { buildGist } from './gist';
import { LIST_KINDS, outlinePosting, type OutlineLine, type OutlineSection, type PostingOutline, type SectionKind } from './postingOutline';
import { skillEntry, skillMentions, yearsOf, type SkillMention } from './skills';
import { clipLine, jobSummarySchema, SUMMARY_LIMITS, type JobSummary, type Summarizer } from './summary';

/** A line that could go on the card, with how sure its section is of its kind and where it stood. */
interface Candidate {
  text: string;
  strength: number;
  order: number;
  mentions: SkillMention[];
}

/** A requirement line that says it is optional: it belongs with the nice-to-haves. "required" in the same line keeps it (a clause says which). */
const PREFERRED_LINE = /\b(?:(?:is|are) preferred|preferred(?=[.!,;]|\s*$)|is a plus|a (?:big |huge |strong |real )?plus|nice to have|bonus|desirable|would be (?:great|nice|a plus)|un (?:gros |vrai )?plus|est un plus|von vorteil|wünschenswert|might have)\b/i;
const PREFERRED_AFTER = /^[^,;]*?\b(?:preferred|a plus|nice to have|desirable|bonus|un plus|von vorteil|wünschenswert)\b/i;
const PREFERRED_BEFORE = /\b(?:ideally|preferably|de préférence|bonus|nice to have|plus:|ability to obtain|able to obtain|eligible to obtain|willing(?:ness)? to obtain|obtain and maintain|idealerweise|vorzugsweise)\b[^,;]*$/i;

const SOFT = /\b(?:en équipe|teamwork|team ?work|communicat\w*|motivated|passion\w*|team player|attention to detail|love|curio\w*|self-starter|collaborative|mindset|energi[sz]ed|thrives?|adaptab\w*|as a team|empathy|articulate|rigueur|autonomie|dynamisme|disponibilité|sens de|esprit|organi[sz]ation|reliable|ambiguity|work ethic|attitude|multitask\w*)\b/i;
const MUST = /\b(?:must|required|requires?|essential|minimum|at least|proven|demonstrated|hands-on|expert|proficien\w*|solid|strong|in-depth|deep|maîtrise|solide|au moins)\b/i;
const RECRUITING = /\b(?:applicants?|candidates? (?:will|are|selected)|vacanc\w*|hiring process|recruitment process|apply(?:ing)?|application)\b|#LI-/i;
const COMPANY_VOICE = /\b(?:we|our|us|nous|wir)\b/i;
const ADDRESSES_CANDIDATE = /\b(?:you|your|requir\w*|must|experience|degree|ability|knowledge|skills?|vous)\b/i;
const DUTY_FLUFF = /\b(?:other duties|as assigned|special projects|as needed)\b/i;
const DUTY_START = /^(?:You will|You'll|You’ll|Vous (?:serez|allez)|Du wirst|Sie werden|(?:Lead|Coordinate|Manage|Build|Design|Develop|Own|Drive|Run|Write|Create|Support|Maintain|Help|Work|Answer|Review|Deliver|Define|Ensure|Implement|Plan|Prepare|Provide|Analy[sz]e|Monitor|Mentor|Collaborate|Partner|Oversee|Handle|Operate|Serve|Sell|Train|Test|Respond|Conduct|Identify|Assist|Organi[sz]e|Record|Keep|Schedule|Dispatch)\b)/;
const REQUIREMENT_KINDS = new Set(['degree', 'experience']);
/** Below this a required line is filler ("Genuinely love the craft"), used only when the list would otherwise be thin. */
const FILLER_SCORE = 0;
const MIN_REQUIRED = 3;

/** The deterministic summarizer: no network, the posting's own words, always available. */
export class OfflineSummarizer implements Summarizer {
  readonly source = 'offline' as const;

  async summarize(posting: ExtractedPosting): Promise<JobSummary> {
    return summarizeOffline(posting);
  }
}

/** Summarises a posting from its headings, bullets and wording. */
export function summarizeOffline(posting: ExtractedPosting): JobSummary {
  const outline = outlinePosting(posting);
  let order = 0;
  const candidate = (text: string, strength: number): Candidate => ({ text, strength, order: order++, mentions: skillMentions(text, { requirement: true }) });

  const required: Candidate[] = [];
  const preferred: Candidate[] = [];
  for (const section of outline.sections) {
    for (const line of itemsOf(section)) {
      if (section.kind === 'preferred') preferred.push(candidate(line.text, section.strength));
      else if (section.kind === 'required') {
        const item = candidate(line.text, section.strength);
        // Only an optional first clause makes the line optional: in "Clear written English; French is a plus" English is required.
        const firstClause = line.text.split(';')[0];
        (PREFERRED_LINE.test(firstClause) && !/\brequired\b/i.test(firstClause) ? preferred : required).push(item);
      } else if (section.kind === 'other' || section.kind === 'description') {
        // A degree or years of experience stated outside a requirements list ("BTS secrétariat ou équivalent") is still a requirement.
        const item = candidate(line.text, 1);
        if (line.text.length <= 200 && item.mentions.some((m) => REQUIREMENT_KINDS.has(m.kind))) required.push(item);
      }
    }
  }
  const requiredLines = pick(unique(required), SUMMARY_LIMITS.required, MIN_REQUIRED);
  const requiredKeys = new Set(requiredLines.map((c) => keyOf(c.text)));
  const preferredLines = pick(unique(preferred).filter((c) => !requiredKeys.has(keyOf(c.text))), SUMMARY_LIMITS.preferred, 1);

  const skills = summarySkills(posting, outline, required, preferred);
  return jobSummarySchema.parse({
    gist: buildGist(posting, maxYears(skills.required)),
    responsibilities: responsibilities(outline).map((text) => clipLine(text)),
    required: requiredLines.map((c) => clipLine(c.text)),
    preferred: preferredLines.map((c) => clipLine(c.text)),
    conditions: extractConditions(posting, outline),
    skills,
    source: 'offline',
  });
}

/** A list's items: its bullets, and a long paragraph cut into its sentences ("Nice to have" written as prose). */
function itemsOf(section: OutlineSection): OutlineLine[] {
  if (!LIST_KINDS.has(section.kind)) return section.lines;
  return section.lines.flatMap((line) =>
    line.bullet || line.text.length <= 200 ? [line] : line.text.split(/(?<=[.!?])\s+(?=\p{Lu})/u).map((text) => ({ text, bullet: false })));
}

/** How much a line says about what the job needs: skills, years, degrees and "must" words count; soft skills, company talk and process notes do not. */
function requirementScore(c: Candidate): number {
  const skills = c.mentions.filter((m) => !REQUIREMENT_KINDS.has(m.kind)).length;
  const years = c.mentions.some((m) => m.kind === 'experience');
  const degree = c.mentions.some((m) => m.kind === 'degree');
  const credential = c.mentions.some((m) => m.kind === 'certification' || m.kind === 'clearance');
  let score = Math.min(3, skills) + (years ? 2 : 0) + (degree ? 2 : 0) + (credential ? 1 : 0) + (MUST.test(c.text) ? 1 : 0);
  if (SOFT.test(c.text) && skills === 0 && !years && !degree) score -= 2;
  if (RECRUITING.test(c.text)) score -= 3;
  if (c.text.length > 250) score -= 1;
  if (c.text.split(/\s+/).length < 3) score -= 2;
  return score;
}

function isFluff(text: string): boolean {
  return text.length < 12 || /^#/.test(text) || (COMPANY_VOICE.test(text) && !ADDRESSES_CANDIDATE.test(text));
}

// A sure heading ("Required qualifications") outweighs content: its plainest line beats a skills line under "Skills".
const rank = ({ c, score }: { c: Candidate; score: number }): number => 2 * c.strength + score;

/** The best lines by section strength plus content, filler only to reach `minimum`, shown in the posting's order. */
function pick(candidates: Candidate[], limit: number, minimum: number): Candidate[] {
  const ranked = candidates
    .filter((c) => !isFluff(c.text))
    .map((c) => ({ c, score: requirementScore(c) }))
    .sort((a, b) => rank(b) - rank(a) || a.c.order - b.c.order);
  const chosen: Candidate[] = [];
  for (const { c, score } of ranked) {
    if (chosen.length >= limit) break;
    if (score < FILLER_SCORE && chosen.length >= minimum) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.order - b.order);
}

/** Duties in the posting's order, from its strongest responsibilities list; a posting without one gives its "You will…" sentences. */
function responsibilities(outline: PostingOutline): string[] {
  const byStrength = (kind: SectionKind): OutlineSection[] =>
    outline.sections.filter((s) => s.kind === kind).sort((a, b) => b.strength - a.strength);
  // A list's bullets are its duties; the paragraph above them introduces the role.
  const fromLists = [...byStrength('responsibilities'), ...byStrength('description')]
    .flatMap((s) => s.lines.filter((l) => l.bullet || (s.kind === 'responsibilities' && !s.lines.some((other) => other.bullet))).map((l) => l.text));
  const lines = fromLists.length > 0 ? fromLists : dutySentences(outline);
  // Duties may speak of "our" warehouse; only lines that open with the company talking are about the company.
  return unique(lines.filter((text) => text.length >= 12 && !/^(?:#|we\b|our\b)/i.test(text) && !DUTY_FLUFF.test(text) && !RECRUITING.test(text) && text.split(/\s+/).length >= 3))
    .slice(0, SUMMARY_LIMITS.responsibilities);
}

function dutySentences(outline: PostingOutline): string[] {
  return outline.sections
    .filter((s) => s.kind === 'description')
    .flatMap((s) => s.lines.flatMap((l) => l.text.split(/(?<=[.!?])\s+/)))
    .filter((sentence) => DUTY_START.test(sentence));
}

/** The canonical skills the posting asks for: from requirement lines and the title (required unless a clause says optional), the nice-to-haves and the duties. */
function summarySkills(posting: ExtractedPosting, outline: PostingOutline, required: Candidate[], preferred: Candidate[]): JobSummary['skills'] {
  const need = new Set<string>();
  const want = new Set<string>();
  for (const mention of skillMentions(posting.title ?? '')) need.add(mention.skill);
  for (const c of required) for (const m of c.mentions) (isOptionalClause(c.text, m) ? want : need).add(m.skill);
  for (const c of preferred) for (const m of c.mentions) want.add(m.skill);
  for (const section of outline.sections.filter((s) => s.kind === 'responsibilities')) {
    for (const line of section.lines) {
      for (const m of skillMentions(line.text)) if (!['experience', 'degree', 'clearance', 'spoken'].includes(m.kind)) want.add(m.skill);
    }
  }
  keepLowestRung(need, want);
  keepLongestYears(need, want);
  for (const skill of need) want.delete(skill);
  return { required: [...need].slice(0, SUMMARY_LIMITS.skills), preferred: [...want].slice(0, SUMMARY_LIMITS.skills) };
}

function isOptionalClause(line: string, m: SkillMention): boolean {
  const clauseStart = Math.max(line.lastIndexOf(',', m.start), line.lastIndexOf(';', m.start)) + 1;
  return PREFERRED_BEFORE.test(line.slice(clauseStart, m.start)) || PREFERRED_AFTER.test(line.slice(m.end));
}

/** "Bachelor's … or a Master's": the lowest degree (or clearance) on a ladder is the requirement; the higher ones are a plus. */
function keepLowestRung(need: Set<string>, want: Set<string>): void {
  const lowest = new Map<string, { skill: string; level: number }>();
  for (const skill of need) {
    const rank = skillEntry(skill)?.rank;
    if (!rank) continue;
    const current = lowest.get(rank.ladder);
    if (!current || rank.level < current.level) lowest.set(rank.ladder, { skill, level: rank.level });
  }
  for (const skill of [...need]) {
    const rank = skillEntry(skill)?.rank;
    if (rank && lowest.get(rank.ladder)?.skill !== skill) {
      need.delete(skill);
      want.add(skill);
    }
  }
}

/** Several "N+ years" in one posting (overall, per tool): the longest is the one that decides. */
function keepLongestYears(need: Set<string>, want: Set<string>): void {
  for (const set of [need, want]) {
    const longest = maxYears([...set]);
    for (const skill of [...set]) if (yearsOf(skill) !== undefined && yearsOf(skill) !== longest) set.delete(skill);
  }
  const needed = maxYears([...need]);
  const wanted = maxYears([...want]);
  if (needed !== undefined && wanted !== undefined && wanted <= needed) want.delete(`${wanted}+ years experience`);
}

function maxYears(skills: string[]): number | undefined {
  const years = skills.map(yearsOf).filter((n): n is number => n !== undefined);
  return years.length > 0 ? Math.max(...years) : undefined;
}

function keyOf(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function unique<T extends string | Candidate>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(typeof item === 'string' ? item : item.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
