import { htmlToText } from '../extract/text';

/** Named sections of a posting: a key ("responsibilities", "qualifications"...) → its lines. */
export type Sections = Record<string, string[]>;

/** An HTML fragment as plain text; undefined when it holds no text. */
export function textFromHtml(html: unknown): string | undefined {
  if (typeof html !== 'string') return undefined;
  const plain = htmlToText(html);
  return plain === '' ? undefined : plain;
}

/** An HTML fragment as its non-empty lines, bullets and all, without the bullet marks. */
export function linesFromHtml(html: unknown): string[] {
  return (textFromHtml(html) ?? '')
    .split('\n')
    .map((line) => line.replace(/^•\s*/, '').trim())
    .filter((line) => line !== '');
}

/** Titled HTML parts as one plain text: each title on its own line above its text. */
export function textFromParts(parts: { title?: string; html?: unknown }[]): string | undefined {
  const html = parts
    .filter((part) => typeof part.html === 'string' && part.html.trim() !== '')
    .map((part) => `${part.title ? `<h3>${escapeText(part.title)}</h3>` : ''}<div>${part.html as string}</div>`)
    .join('');
  return textFromHtml(html);
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Heading words → section key, most specific first ("preferred qualifications" is `preferred`, not `qualifications`). */
const SECTION_KEYS: [RegExp, string][] = [
  [/prefer|nice[- ]to[- ]have|bonus|\bplus\b|strong candidates may/, 'preferred'],
  [/benefit|perk|we offer|what you('|’)?ll get|rewards|compensation/, 'benefits'],
  [/about (us|the company)|company description|who we are|our company/, 'about'],
  [/qualif|requirement|who you are|what you need|you have|you bring|experience|skills|competenc/, 'qualifications'],
  [/responsib|what you('|’)?ll do|what you will do|duties|day[- ]to[- ]day|your role|your mission/, 'responsibilities'],
  [/description|summary|overview|about the (role|job|position)/, 'description'],
];

/** The section key for a heading: one of ours when the words say so, else the heading as a lower-case slug. */
export function sectionKey(heading: string): string {
  const lower = heading.toLowerCase();
  const known = SECTION_KEYS.find(([pattern]) => pattern.test(lower));
  if (known) return known[1];
  // Slugs keep keys safe as MongoDB field names (no '.', no leading '$').
  return lower.replace(/['’]/g, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'other';
}

/** Adds lines under a key, after any lines already there (two headings may share a key). */
export function addSection(sections: Sections, key: string, lines: string[]): void {
  if (lines.length === 0) return;
  sections[key] = [...(sections[key] ?? []), ...lines];
}

/** Plain text as the source wrote it: lines trimmed, at most one blank line in a row; undefined when empty. */
export function plainText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tidy = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return tidy === '' ? undefined : tidy;
}
