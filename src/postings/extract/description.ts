import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { elementsWithClassPart, firstWithClass, type PageScan } from './dom';
import { looksLikePosting } from './sections';
import { nodesToText } from './text';

/** Elements whose text is never part of a job description. */
const NOT_DESCRIPTION = new Set(['script', 'style', 'noscript', 'template', 'title', 'svg', 'iframe', 'object', 'button', 'nav', 'header', 'footer', 'form', 'aside', 'select', 'label']);

/** A marked block shorter than this is a teaser or a label, not the description. */
const MIN_DESCRIPTION_CHARS = 200;

/** The job description: microdata, LinkedIn's description, a description-like block, `<article>`/`<main>`, the largest text block, else the meta description. */
export function pickDescription(scan: PageScan): string | undefined {
  // Candidates are found one at a time, in order: measuring a page's text blocks is the costly part.
  const marked = [
    () => scan.itemprops.get('description')?.[0],
    () => firstWithClass(scan, 'show-more-less-html__markup'),
    () => firstWithClass(scan, 'description__text'),
    () => longest(elementsWithClassPart(scan, /description|job-?details|job-?content|posting-?body|job-?body/)),
  ];
  for (const find of marked) {
    const element = find();
    const text = element && nodesToText(element.children, NOT_DESCRIPTION);
    if (text && text.length >= MIN_DESCRIPTION_CHARS) return text;
  }
  // An unmarked block is a description only if it reads like one (an apply form's intro does not).
  const generic = [() => longest(scan.tags.get('article') ?? []), () => longest(scan.tags.get('main') ?? []), () => largestTextBlock(scan)];
  for (const find of generic) {
    const element = find();
    const text = element && nodesToText(element.children, NOT_DESCRIPTION);
    if (text && looksLikePosting(text)) return text;
  }
  // Shell pages (a Workday page without JSON-LD) carry the whole posting only in their meta description.
  const meta = scan.meta.get('og:description') ?? scan.meta.get('description');
  return meta && looksLikePosting(meta) ? meta : undefined;
}

function longest(elements: readonly Element[]): Element | undefined {
  let best: Element | undefined;
  let bestLength = 0;
  for (const element of elements) {
    const length = textLength(element.children);
    if (length > bestLength) [best, bestLength] = [element, length];
  }
  return best;
}

/** The element holding the most paragraph and list-item text: where the body of a plain page is. */
function largestTextBlock(scan: PageScan): Element | undefined {
  const totals = new Map<Element, number>();
  for (const element of [...(scan.tags.get('p') ?? []), ...(scan.tags.get('li') ?? [])]) {
    const block = element.name === 'li' ? element.parent?.parent : element.parent;
    if (block && isTag(block)) totals.set(block, (totals.get(block) ?? 0) + textLength(element.children));
  }
  let best: Element | undefined;
  for (const [block, total] of totals) if (!best || total > (totals.get(best) ?? 0)) best = block;
  return best;
}

function textLength(nodes: readonly ChildNode[]): number {
  let length = 0;
  const stack: ChildNode[] = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop() as ChildNode;
    if (isText(node)) length += node.data.trim().length;
    else if (isTag(node) && !NOT_DESCRIPTION.has(node.name)) for (const child of node.children) stack.push(child);
  }
  return length;
}
