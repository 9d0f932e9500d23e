import { DomHandler, isTag, isText, type ChildNode, type Document, type Element } from 'domhandler';
import { decodeHTMLAttribute } from 'entities';
import { Parser } from 'htmlparser2';
import { capNesting, decodeEntities } from './text';

/** What one pass over a page collects; every reader (walls, JSON-LD, page) works from this. */
export interface PageScan {
  /** The first `<title>`'s text, whitespace collapsed. */
  title?: string;
  /** `<meta>` content keyed by lower-cased `property`, `name` or `itemprop` (first one wins). */
  meta: Map<string, string>;
  /** Raw text of every `<script type="application/ld+json">`, in page order. */
  jsonLd: string[];
  /** Elements carrying `itemprop`, keyed by each property name, in page order. */
  itemprops: Map<string, Element[]>;
  /** Elements keyed by each lower-cased class token, in page order. */
  classes: Map<string, Element[]>;
  /** Elements keyed by tag name, for the few tags the readers look at. */
  tags: Map<string, Element[]>;
  /** Every microdata `itemtype`, in page order. */
  itemTypes: string[];
  /** How many `<input type="password">` the page has. */
  passwordInputs: number;
}

/** Tags collected by name during the scan. */
const COLLECTED_TAGS = new Set(['h1', 'main', 'article', 'p', 'li']);

/** Elements whose text htmlparser2's tokenizer passes on as written; it decodes all other text, `<title>`'s included. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'xmp']);

/**
 * Builds the DOM, decoding entities in attribute values and text as htmlparser2 would, and stops the parser
 * once elements nest too deep. Decoding here rather than in the tokenizer is what makes a parse fast: a decoding
 * tokenizer steps through every attribute value and text character by character looking for `&`, and most of
 * a page is attribute values (class lists, tracking data) that nobody reads.
 */
class PageHandler extends DomHandler {
  private htmlParser?: Parser;

  override onparserinit(parser: Parser): void {
    super.onparserinit(parser);
    this.htmlParser = parser;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    for (const key in attribs) if (attribs[key].includes('&')) attribs[key] = decodeHTMLAttribute(attribs[key]);
    super.onopentag(name, attribs);
    capNesting(this.htmlParser as Parser, this.tagStack.length);
  }

  override ontext(data: string): void {
    const parent = this.tagStack[this.tagStack.length - 1];
    super.ontext(isTag(parent) && RAW_TEXT.has(parent.name) ? data : decodeEntities(data));
  }
}

/** Parses HTML into a DOM, stopping early (keeping what was read) when the nesting is absurdly deep. */
export function parseHtml(html: string): Document {
  const handler = new PageHandler();
  new Parser(handler, { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true }).end(html);
  return handler.root;
}

/** Parses HTML once and collects what the readers need, in a single walk. */
export function scanHtml(html: string): PageScan {
  const document = parseHtml(html);
  const scan: PageScan = { meta: new Map(), jsonLd: [], itemprops: new Map(), classes: new Map(), tags: new Map(), itemTypes: [], passwordInputs: 0 };
  const classLists = new Map<string, string[]>();
  const stack: ChildNode[] = [...document.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as ChildNode;
    if (!isTag(node)) continue;
    visit(node, scan, classLists);
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]);
  }
  return scan;
}

function visit(element: Element, scan: PageScan, classLists: Map<string, string[]>): void {
  const { name, attribs } = element;
  if (name === 'title' && scan.title === undefined) scan.title = collapse(ownText(element));
  else if (name === 'meta') readMeta(attribs, scan.meta);
  else if (name === 'script' && /ld\+json/i.test(attribs.type ?? '')) scan.jsonLd.push(ownText(element));
  else if (name === 'input' && attribs.type?.toLowerCase() === 'password') scan.passwordInputs += 1;
  if (COLLECTED_TAGS.has(name)) push(scan.tags, name, element);
  if (attribs.itemtype) scan.itemTypes.push(attribs.itemtype);
  if (attribs.itemprop) for (const prop of attribs.itemprop.split(/\s+/)) if (prop) push(scan.itemprops, prop, element);
  if (attribs.class) for (const token of classTokens(attribs.class, classLists)) push(scan.classes, token, element);
}

/** A class list's lower-cased tokens. Pages repeat the same list on many elements, so each distinct one is split once. */
function classTokens(classList: string, seen: Map<string, string[]>): string[] {
  let tokens = seen.get(classList);
  if (!tokens) {
    tokens = classList.toLowerCase().split(/\s+/).filter(Boolean);
    seen.set(classList, tokens);
  }
  return tokens;
}

function readMeta(attribs: Record<string, string>, meta: Map<string, string>): void {
  const content = attribs.content;
  if (content === undefined) return;
  for (const key of [attribs.property, attribs.name, attribs.itemprop]) {
    const k = key?.trim().toLowerCase();
    if (k && !meta.has(k)) meta.set(k, content.trim());
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The concatenated text children of an element (script bodies, titles). */
export function ownText(element: Element): string {
  let text = '';
  for (const child of element.children) if (isText(child)) text += child.data;
  return text;
}

/** Whitespace runs to one space, trimmed. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Elements whose class list has a token that contains `part` (like CSS `[class*=part]`, per token). */
export function elementsWithClassPart(scan: PageScan, part: string | RegExp): Element[] {
  const found = new Set<Element>();
  for (const [token, elements] of scan.classes) {
    const hit = typeof part === 'string' ? token.includes(part) : part.test(token);
    if (hit) for (const element of elements) found.add(element);
  }
  return [...found];
}

/** The first element with this exact class token. */
export function firstWithClass(scan: PageScan, token: string): Element | undefined {
  return scan.classes.get(token)?.[0];
}

/** Finds the first descendant element (depth first) that passes the test. */
export function findInside(root: Element, test: (element: Element) => boolean): Element | undefined {
  const stack: ChildNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as ChildNode;
    if (!isTag(node)) continue;
    if (test(node)) return node;
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]);
  }
  return undefined;
}

