import type { Location, Salary } from '../posting';
import { parseLooseDate } from './dates';
import { cleanLine, employmentLabel, type PostingFields } from './fields';
import { makeSalary, parseSalaryText, toAmount, unitIn } from './salary';
import { decodeEntities, htmlToText, tidyLines } from './text';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** The JobPostings found in a page's ld+json blocks, and every node with an `@id` to resolve references. */
export interface JsonLdFindings {
  postings: JsonObject[];
  ids: Map<string, JsonObject>;
}

/** Bounds on the walk through parsed JSON-LD: a hostile page cannot make it slow. */
const MAX_DEPTH = 10;
const MAX_NODES = 20_000;

/** Parses one ld+json script body leniently (CDATA, HTML comments, trailing commas, control characters); never evaluates it. */
export function parseJsonLd(text: string): unknown {
  const unwrapped = text
    .trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[/, '')
    .replace(/(?:\/\/\s*)?\]\]>$/, '')
    .replace(/^<!--/, '')
    .replace(/-->$/, '')
    .trim();
  if (!unwrapped) return undefined;
  return tryJson(unwrapped) ?? tryJson(repairJson(unwrapped));
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Broken JSON is common on job pages; the caller tries a repaired copy, then the page itself.
    return undefined;
  }
}

/** Fixes what hand-written JSON-LD gets wrong: raw control characters, bad escapes, trailing commas, HTML-escaped quotes. */
function repairJson(text: string): string {
  const unescaped = /^[[{]\s*&quot;/.test(text) ? decodeEntities(text) : text;
  return unescaped
    .replace(/[\u0000-\u001f]+/g, ' ')
    .replace(/\\(.)/gs, (pair, char: string) => ('"\\/bfnrtu'.includes(char) ? pair : char))
    .replace(/,(\s*[}\]])/g, '$1');
}

/** Finds every schema.org JobPosting in the page's ld+json blocks (single objects, arrays, `@graph`, nesting). */
export function findJobPostings(blocks: readonly string[]): JsonLdFindings {
  const findings: JsonLdFindings = { postings: [], ids: new Map() };
  let budget = MAX_NODES;
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || budget <= 0 || value === null || typeof value !== 'object') return;
    budget -= 1;
    if (Array.isArray(value)) return value.forEach((item) => walk(item, depth + 1));
    const node = value as JsonObject;
    if (typeof node['@id'] === 'string' && Object.keys(node).length > 1) findings.ids.set(node['@id'], node);
    if (hasType(node, 'JobPosting')) findings.postings.push(node);
    for (const child of Object.values(node)) walk(child, depth + 1);
  };
  for (const block of blocks) walk(parseJsonLd(block), 0);
  return findings;
}

/** Whether a node's `@type` (a string or an array, possibly a full IRI) names this schema.org type. */
export function hasType(node: JsonObject, type: string): boolean {
  const wanted = type.toLowerCase();
  return asArray(node['@type']).some((t) => typeof t === 'string' && t.split(/[/:#]/).pop()?.toLowerCase() === wanted);
}

/** Reads one JobPosting into posting fields; anything missing or malformed is left `undefined`. */
export function readJobPosting(posting: JsonObject, ids: ReadonlyMap<string, JsonObject> = new Map()): PostingFields {
  const resolve = (value: unknown): unknown => resolveRef(value, ids);
  const telecommute = asArray(posting.jobLocationType).some((t) => typeof t === 'string' && /telecommute/i.test(t));
  return {
    title: cleanLine(decodeEntities(firstString(posting.title) ?? firstString(posting.name) ?? '')),
    company: organizationName(posting.hiringOrganization, resolve),
    location: readLocation(posting.jobLocation, resolve) ?? requiredLocation(posting.applicantLocationRequirements, resolve),
    remote: telecommute ? 'remote' : undefined,
    employmentType: employmentLabel(asArray(posting.employmentType).filter(isString)),
    salary: readSalary(posting.baseSalary, posting.salaryCurrency, resolve) ?? readSalary(posting.estimatedSalary, posting.salaryCurrency, resolve),
    datePosted: parseLooseDate(posting.datePosted),
    validThrough: parseLooseDate(posting.validThrough),
    description: descriptionText(posting.description),
    sections: propertySections(posting),
  };
}

function resolveRef(value: unknown, ids: ReadonlyMap<string, JsonObject>): unknown {
  if (!isObject(value) || typeof value['@id'] !== 'string') return value;
  return ids.get(value['@id']) ?? value;
}

function organizationName(value: unknown, resolve: (v: unknown) => unknown): string | undefined {
  for (const item of asArray(value)) {
    const org = resolve(item);
    const name = typeof org === 'string' ? org : isObject(org) ? firstString(org.name) ?? firstString(org.legalName) : undefined;
    const clean = cleanLine(decodeEntities(name ?? ''), 200);
    if (clean) return clean;
  }
  return undefined;
}

function readLocation(value: unknown, resolve: (v: unknown) => unknown): Location | undefined {
  const places = asArray(value).map((p) => placeParts(resolve(p), resolve)).filter((p): p is Location => p !== undefined);
  if (places.length === 0) return undefined;
  if (places.length === 1) return places[0];
  return { text: unique(places.map((p) => p.text)).join('; ') };
}

function placeParts(place: unknown, resolve: (v: unknown) => unknown): Location | undefined {
  if (typeof place === 'string') return textLocation(place);
  if (!isObject(place)) return undefined;
  const address = resolve(asArray(place.address)[0]);
  if (typeof address === 'string') return textLocation(address) ?? textLocation(firstString(place.name));
  const parts = isObject(address) ? address : {};
  const city = placeName(parts.addressLocality);
  const region = placeName(parts.addressRegion);
  const country = placeName(parts.addressCountry);
  const text = unique([city, region, country].filter(isString)).join(', ');
  if (!text) return textLocation(firstString(place.name));
  return { text, city, region, country };
}

function requiredLocation(value: unknown, resolve: (v: unknown) => unknown): Location | undefined {
  const names = unique(asArray(value).map((v) => placeName(resolve(v))).filter(isString));
  if (names.length === 0) return undefined;
  return names.length === 1 ? { text: names[0], country: names[0] } : { text: names.join(', ') };
}

function placeName(value: unknown): string | undefined {
  const raw = isObject(value) ? firstString(value.name) : firstString(value);
  return cleanLine(decodeEntities(raw ?? ''), 120);
}

function textLocation(value: string | undefined): Location | undefined {
  const text = cleanLine(decodeEntities(value ?? ''), 200);
  return text ? { text } : undefined;
}

function readSalary(value: unknown, currencyField: unknown, resolve: (v: unknown) => unknown): Salary | undefined {
  const fallbackCurrency = firstString(currencyField);
  for (const item of asArray(value)) {
    const amount = resolve(item);
    const salary = isObject(amount) ? monetaryAmount(amount, fallbackCurrency) : bareAmount(amount, fallbackCurrency);
    if (salary) return salary;
  }
  return undefined;
}

function bareAmount(value: unknown, currency: string | undefined): Salary | undefined {
  if (typeof value === 'number') return makeSalary(value, value, currency, undefined);
  return typeof value === 'string' ? parseSalaryText(decodeEntities(value), currency) : undefined;
}

/** A MonetaryAmount (or MonetaryAmountDistribution) whose `value` is a QuantitativeValue, a number or a text. */
function monetaryAmount(amount: JsonObject, fallbackCurrency: string | undefined): Salary | undefined {
  const currency = firstString(amount.currency) ?? fallbackCurrency;
  const value = amount.value;
  const quantity = isObject(value) ? value : amount;
  const unit = unitIn(firstString(quantity.unitText) ?? firstString(amount.unitText) ?? firstString(amount.duration) ?? '');
  if (!isObject(value) && value !== undefined) {
    const salary = bareAmount(value, currency);
    return salary && { ...salary, unit: salary.unit ?? unit };
  }
  const single = toAmount(quantity.value) ?? toAmount(quantity.median);
  const min = toAmount(quantity.minValue) ?? toAmount(quantity.percentile10) ?? single;
  const max = toAmount(quantity.maxValue) ?? toAmount(quantity.percentile90) ?? single;
  return makeSalary(min, max, currency, unit);
}

/** Description text: HTML (even when HTML-escaped) becomes plain text; plain text keeps its lines. */
function descriptionText(value: unknown): string | undefined {
  const raw = firstString(value);
  if (!raw) return undefined;
  const html = /&lt;\/?[a-z]/i.test(raw) && !/<\/?[a-z][^>]*>/i.test(raw) ? decodeEntities(raw) : raw;
  const text = /<\/?[a-z][^>]*>/i.test(html) ? htmlToText(html) : tidyLines(decodeEntities(html));
  return text || undefined;
}

/** schema.org JobPosting has properties for the sections people look for; keep those that are texts. */
const SECTION_PROPERTIES: [string, string][] = [
  ['responsibilities', 'Responsibilities'],
  ['qualifications', 'Qualifications'],
  ['skills', 'Skills'],
  ['educationRequirements', 'Education'],
  ['experienceRequirements', 'Experience'],
  ['jobBenefits', 'Benefits'],
];

function propertySections(posting: JsonObject): Record<string, string[]> | undefined {
  const sections: Record<string, string[]> = {};
  for (const [property, heading] of SECTION_PROPERTIES) {
    const lines = asArray(posting[property]).filter(isString).flatMap((s) => descriptionText(s)?.split('\n') ?? []);
    const items = lines.map((l) => l.replace(/^•\s*/, '').trim()).filter(Boolean);
    if (items.length > 0) sections[heading] = items;
  }
  return Object.keys(sections).length > 0 ? sections : undefined;
}

function firstString(value: unknown): string | undefined {
  for (const item of asArray(value)) {
    if (typeof item === 'string' && item.trim()) return item;
    if (typeof item === 'number') return String(item);
    if (isObject(item) && typeof item['@value'] === 'string') return item['@value'];
  }
  return undefined;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
