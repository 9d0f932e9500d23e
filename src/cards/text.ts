/** Characters that Adaptive Card markdown (TextBlock, FactSet) would read as formatting. */
const MARKDOWN_SPECIAL = /([\\`*_[\]()~>#|])/g;

/** Shows text from a posting or a user literally in a markdown-capable element. */
export function escapeMarkdown(text: string): string {
  // A list marker is escaped where CommonMark allows it: "\-" for bullets, "1\." for numbers.
  return text.replace(MARKDOWN_SPECIAL, '\\$1').replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3').replace(/^(\s*)(\d+)\.(\s)/gm, '$1$2\\.$3');
}

/** Cuts a text to `max` characters at a word boundary, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
