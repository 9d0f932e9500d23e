import { isTag, isText, type ChildNode } from 'domhandler';
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';

/** Elements whose content is never visible text. */
const HIDDEN: ReadonlySet<string> = new Set(['script', 'style', 'noscript', 'template', 'title', 'svg', 'iframe', 'object', 'button']);

/** Elements that read as a paragraph: a blank line around them. */
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'figure']);

/** Elements that start on their own line. */
const LINES = new Set([
  'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'form', 'fieldset', 'legend',
  'address', 'details', 'summary', 'tr', 'dt', 'dd', 'figcaption', 'hr', 'caption', 'li', 'option', 'label',
]);

/** Decodes HTML character references (`&amp;`, `&#39;`, `&eacute;`, `&nbsp;`...) in a string. */
export function decodeEntities(s: string): string {
  return s.includes('&') ? decodeHTML(s) : s;
}

/**
 * htmlparser2 keeps its open-element stack with `unshift`, so parsing time grows with the square of the nesting
 * depth: a hostile page of 100k nested tags takes seconds. Real pages nest a few dozen levels deep.
 */
export const MAX_NESTING = 1000;

/** Call on every opening tag: past MAX_NESTING the parser stops reading, and what it read so far is kept. */
export function capNesting(parser: Parser, depth: number): void {
  if (depth > MAX_NESTING) parser.pause();
}

/** Turns HTML into readable plain text: one line per block, `• ` bullets, at most one blank line. */
export function htmlToText(html: string): string {
  const chunks: string[] = [];
  let hiddenDepth = 0;
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        depth += 1;
        capNesting(parser, depth);
        if (HIDDEN.has(name)) hiddenDepth += 1;
        if (hiddenDepth > 0) return;
        chunks.push(openingBreak(name));
      },
      onclosetag(name) {
        depth -= 1;
        if (HIDDEN.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        else if (hiddenDepth === 0) chunks.push(closingBreak(name));
      },
      ontext(text) {
        if (hiddenDepth === 0) chunks.push(text.replace(/\s+/g, ' '));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  return tidyLines(chunks.join(''));
}

/** The readable text of parsed nodes, with the same rules as `htmlToText`; `skip` names more elements to leave out. */
export function nodesToText(nodes: readonly ChildNode[], skip: ReadonlySet<string> = HIDDEN): string {
  const chunks: string[] = [];
  appendText(nodes, skip, chunks);
  return tidyLines(chunks.join(''));
}

/** Walks the nodes with an explicit stack: a page nested thousands of levels deep must not overflow the call stack. */
function appendText(nodes: readonly ChildNode[], skip: ReadonlySet<string>, chunks: string[]): void {
  const stack: (ChildNode | string)[] = [...nodes].reverse();
  while (stack.length > 0) {
    const item = stack.pop() as ChildNode | string;
    if (typeof item === 'string') chunks.push(item);
    else if (isText(item)) chunks.push(item.data.replace(/\s+/g, ' '));
    else if (isTag(item) && !HIDDEN.has(item.name) && !skip.has(item.name)) {
      chunks.push(openingBreak(item.name));
      stack.push(closingBreak(item.name));
      for (let i = item.children.length - 1; i >= 0; i -= 1) stack.push(item.children[i]);
    }
  }
}

/** One line of text for a small element (a title, a company name): whitespace collapsed. */
export function inlineText(nodes: readonly ChildNode[]): string {
  const chunks: string[] = [];
  appendText(nodes, HIDDEN, chunks);
  return chunks.join('').replace(/\s+/g, ' ').trim();
}

function openingBreak(name: string): string {
  if (name === 'li') return '\n• ';
  if (name === 'br') return '\n';
  if (name === 'td' || name === 'th') return ' ';
  if (PARAGRAPHS.has(name)) return '\n\n';
  return LINES.has(name) ? '\n' : '';
}

function closingBreak(name: string): string {
  if (PARAGRAPHS.has(name)) return '\n\n';
  return LINES.has(name) ? '\n' : '';
}

/** Trims every line, joins a lone bullet to the text after it, keeps at most one blank line. */
export function tidyLines(text: string): string {
  const out: string[] = [];
  let pendingBullet = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[^\S\n]+/g, ' ').trim();
    if (line === '•') {
      pendingBullet = true;
      continue;
    }
    if (line === '') {
      if (out.length > 0 && out[out.length - 1] !== '' && !pendingBullet) out.push('');
      continue;
    }
    const bulleted = pendingBullet && !line.startsWith('•') ? `• ${line}` : line;
    // List items whose content is a paragraph would otherwise be a blank line apart.
    if (bulleted.startsWith('•') && out.at(-1) === '' && out.at(-2)?.startsWith('•')) out.pop();
    out.push(bulleted);
    pendingBullet = false;
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return repairMojibake(out.join('\n'));
}

/** A UTF-8 sequence that was read as Latin-1 ("thatâ\u0080\u0099s"): a lead byte then continuation bytes. */
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf]{1,3}/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Repairs text that was UTF-8 decoded as Latin-1 ("IntÃ©ressÃ©" → "Intéressé"); other text is returned as is. */
export function repairMojibake(text: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(text)) return text;
  return text.replace(MOJIBAKE, (run) => {
    const bytes = Uint8Array.from(run, (c) => c.charCodeAt(0));
    try {
      return utf8.decode(bytes);
    } catch {
      // Not a valid UTF-8 sequence after all: these were real Latin-1 characters ("Â°" stays as written).
      return run;
    }
  });
}
