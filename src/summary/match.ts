import type { ExtractedPosting } from '../postings/posting';
import { outlinePosting, type SectionKind } from './postingOutline';
import { evidenceSnippet, normalizeSkill, skillEntry, skillMentions, yearsOf } from './skills';
import type { JobSummary } from './summary';

/** A skill of the posting, with the posting's words that ask for it. */
export interface SkillEvidence {
  skill: string;
  evidence: string;
  /** Whether the posting requires it (or only prefers it). */
  required: boolean;
}

/** How a user's skills meet a posting: a score and its explanation, computed the same way whichever summarizer ran. */
export interface SkillMatch {
  /** 0–100: required skills weigh three times as much as preferred ones. */
  score: number;
  matched: SkillEvidence[];
  missing: SkillEvidence[];
  /** The counts the score comes from, for "3 of 5 required, 1 of 2 preferred". */
  basis: { required: { matched: number; total: number }; preferred: { matched: number; total: number } };
}

/** How much more a required skill counts than a preferred one. */
export const REQUIRED_WEIGHT = 3;

/** Sections searched first for a skill's evidence: a requirement's words explain a match best. */
const EVIDENCE_ORDER: SectionKind[] = ['required', 'preferred', 'responsibilities', 'description', 'other', 'benefits', 'about'];

interface Profile {
  names: Set<string>;
  years: number;
  rungs: Map<string, number>;
  anyClearance: boolean;
}

/**
 * Scores a user's skills against a summary's skills. Only skills the posting's own words name count (a model cannot add one
 * the posting never mentions); a user's skill the lexicon does not know counts when the posting names it verbatim.
 * Undefined when the posting names no skills at all.
 */
export function matchSkills(
  userSkills: readonly string[],
  summary: Pick<JobSummary, 'skills'>,
  posting: Pick<ExtractedPosting, 'title' | 'description' | 'sections'>,
): SkillMatch | undefined {
  const lines = evidenceLines(posting);
  const evidence = skillEvidence(lines);
  const wanted: SkillEvidence[] = [];
  const add = (skill: string, required: boolean): void => {
    const words = evidence.get(skill) ?? verbatim(lines, skill);
    if (words && !wanted.some((w) => w.skill.toLowerCase() === skill.toLowerCase())) wanted.push({ skill, evidence: words.text, required });
  };
  for (const skill of summary.skills.required) add(skill, true);
  for (const skill of summary.skills.preferred) add(skill, false);
  for (const typed of userSkills) {
    if (normalizeSkill(typed) || wanted.some((w) => w.skill.toLowerCase() === typed.trim().toLowerCase())) continue;
    const found = verbatim(lines, typed.trim());
    if (found) wanted.push({ skill: typed.trim(), evidence: found.text, required: found.kind !== 'preferred' && found.kind !== 'responsibilities' });
  }
  if (wanted.length === 0) return undefined;

  const profile = profileOf(userSkills);
  const matched = wanted.filter((w) => has(profile, w.skill));
  const missing = wanted.filter((w) => !has(profile, w.skill));
  const count = (list: SkillEvidence[], required: boolean): number => list.filter((w) => w.required === required).length;
  const basis = {
    required: { matched: count(matched, true), total: count(wanted, true) },
    preferred: { matched: count(matched, false), total: count(wanted, false) },
  };
  const earned = REQUIRED_WEIGHT * basis.required.matched + basis.preferred.matched;
  const possible = REQUIRED_WEIGHT * basis.required.total + basis.preferred.total;
  return { score: Math.round((100 * earned) / possible), matched, missing, basis };
}

interface EvidenceLine {
  text: string;
  kind: SectionKind | 'title';
}

function evidenceLines(posting: Pick<ExtractedPosting, 'title' | 'description' | 'sections'>): EvidenceLine[] {
  const outline = outlinePosting(posting);
  const lines: EvidenceLine[] = [];
  for (const kind of EVIDENCE_ORDER) {
    for (const section of outline.sections.filter((s) => s.kind === kind)) lines.push(...section.lines.map((l) => ({ text: l.text, kind })));
  }
  lines.push(...outline.facts.map((text) => ({ text, kind: 'other' as const })));
  if (posting.title) lines.push({ text: posting.title, kind: 'title' });
  return lines;
}

function skillEvidence(lines: EvidenceLine[]): Map<string, EvidenceLine> {
  const found = new Map<string, EvidenceLine>();
  for (const line of lines) {
    const requirement = line.kind === 'required' || line.kind === 'preferred';
    for (const mention of skillMentions(line.text, { requirement })) {
      if (!found.has(mention.skill)) found.set(mention.skill, { text: evidenceSnippet(line.text, mention.start, mention.end), kind: line.kind });
    }
  }
  return found;
}

/** A typed skill the lexicon does not know, named word for word in the posting. */
function verbatim(lines: EvidenceLine[], skill: string): EvidenceLine | undefined {
  if (skill.length < 2) return undefined;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${skill.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu');
  for (const line of lines) {
    const match = pattern.exec(line.text);
    if (match) return { text: evidenceSnippet(line.text, match.index, match.index + match[0].length), kind: line.kind };
  }
  return undefined;
}

/** The user's skills as canonical names, with what each implies (TypeScript → JavaScript), their years and their highest degree and clearance. */
function profileOf(userSkills: readonly string[]): Profile {
  const profile: Profile = { names: new Set(), years: 0, rungs: new Map(), anyClearance: false };
  const queue = userSkills.map((typed) => normalizeSkill(typed) ?? typed.trim());
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (profile.names.has(name.toLowerCase())) continue;
    profile.names.add(name.toLowerCase());
    profile.years = Math.max(profile.years, yearsOf(name) ?? 0);
    const entry = skillEntry(name);
    if (!entry) continue;
    if (entry.kind === 'clearance') profile.anyClearance = true;
    if (entry.rank) profile.rungs.set(entry.rank.ladder, Math.max(profile.rungs.get(entry.rank.ladder) ?? 0, entry.rank.level));
    queue.push(...(entry.implies ?? []));
  }
  return profile;
}

function has(profile: Profile, skill: string): boolean {
  if (profile.names.has(skill.toLowerCase())) return true;
  const years = yearsOf(skill);
  if (years !== undefined) return profile.years >= years;
  const entry = skillEntry(skill);
  if (entry?.rank) return (profile.rungs.get(entry.rank.ladder) ?? 0) >= entry.rank.level;
  return entry?.name === 'Security clearance' && profile.anyClearance;
}
