import { DomUtils, parseDocument } from 'htmlparser2';
import { finish } from './draft';
import { text } from './json';
import { joinPlaces, locationFrom } from './place';
import { addSection, linesFromHtml, sectionKey, textFromParts, type Sections } from './prose';
import type { AtsReader, Wanted } from './reader';
import { dateFrom, employmentLabels } from './values';

type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

/** A titled HTML description part of a position. */
interface Part {
  title?: string;
  html?: string;
}

/** Personio's XML feed (`{company}.jobs.personio.de/xml`): `<workzag-jobs><position>...`, the position picked by `<id>`. */
export const personio: AtsReader = {
  ats: 'personio',
  recognises: (doc) => typeof doc === 'string' && /<workzag-jobs[\s>]/.test(doc),
  read(doc, wanted) {
    if (typeof doc !== 'string') return undefined;
    const positions = DomUtils.getElementsByTagName('position', parseDocument(doc, { xmlMode: true }));
    const position = pickPosition(positions, wanted.jobId);
    return position && toPosting(position, wanted);
  },
};

/** The position with the wanted id; without one, the feed's only position. A feed may list one position twice. */
function pickPosition(positions: Element[], jobId: string | undefined): Element | undefined {
  if (jobId !== undefined) return positions.find((position) => field(position, 'id') === jobId.trim());
  return new Set(positions.map((position) => field(position, 'id'))).size === 1 ? positions[0] : undefined;
}

function toPosting(position: Element, wanted: Wanted) {
  const parts = descriptionParts(position);
  return finish({
    source: 'personio',
    url: wanted.pageUrl ?? '',
    title: field(position, 'name'),
    company: field(position, 'subcompany'),
    location: locationFrom({ text: joinPlaces(offices(position)) }),
    employmentType: employmentLabels([field(position, 'schedule'), field(position, 'employmentType')]),
    datePosted: dateFrom(field(position, 'createdAt')),
    description: textFromParts(parts),
    sections: sections(parts),
  });
}

/** The main `<office>`, then those under `<additionalOffices>`. */
function offices(position: Element): (string | undefined)[] {
  const extra = children(position, 'additionalOffices')[0];
  return [field(position, 'office'), ...(extra ? children(extra, 'office').map((office) => text(DomUtils.textContent(office))) : [])];
}

/** `<jobDescriptions><jobDescription><name/><value>HTML</value>` pairs. */
function descriptionParts(position: Element): Part[] {
  return DomUtils.getElementsByTagName('jobDescription', position, true).map((part) => ({
    title: field(part, 'name'),
    html: children(part, 'value').map((value) => DomUtils.textContent(value))[0],
  }));
}

function sections(parts: Part[]): Sections {
  const found: Sections = {};
  for (const { title, html } of parts) if (title) addSection(found, sectionKey(title), linesFromHtml(html));
  return found;
}

/** Direct child elements with a name. */
function children(parent: Element, name: string): Element[] {
  return DomUtils.getElementsByTagName(name, parent.children, false);
}

/** The text of a direct child element, whitespace-collapsed. */
function field(parent: Element, name: string): string | undefined {
  const child = children(parent, name)[0];
  return child && text(DomUtils.textContent(child));
}
