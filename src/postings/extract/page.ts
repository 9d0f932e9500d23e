import { isTag, type Element } from 'domhandler';
import type { Location } from '../posting';
import { parseLooseDate } from './dates';
import { pickDescription } from './description';
import { collapse, elementsWithClassPart, findInside, firstWithClass, type PageScan } from './dom';
import { cleanLine, employmentLabel, isEmploymentWords, isSpecificTitle, type PostingFields } from './fields';
import { looksLikePosting } from './sections';
import { inlineText, nodesToText } from './text';
import { showsOneJob } from './walls';

/** What the page itself (no JSON-LD) says about one job. */
export interface PageReading {
  /** Fields with good evidence only: a title or company the page does not clearly state stays `undefined`. */
  fields: PostingFields;
  /** Whether anything on the page says it is a job posting at all. */
  isJobPage: boolean;
}

/** Job boards and ATS vendors: their name in `og:site_name` or a title is never the employer. */
const PLATFORM_NAMES = /^(?:linkedin|indeed|glassdoor|workday|greenhouse|lever|smartrecruiters|workable|personio|ashby|teamtailor|recruitee|bamboohr|icims|taleo|successfactors|jobvite|monster|ziprecruiter|stepstone|welcome to the jungle|jobs\.ch|xing|求人ボックス|careers?|jobs?)$/i;

/**
 * Reads title, company, location, type, dates and description from meta tags, microdata and the page's main text.
 * `knownJob` says another source (JSON-LD) already shows this is a job page, so weaker title and company clues count.
 */
export function readPage(scan: PageScan, options: { knownJob?: boolean } = {}): PageReading {
  const linkedIn = readLinkedInTitle(scan.meta.get('og:title') ?? scan.title);
  const description = pickDescription(scan);
  const location = microdataLocation(scan) ?? linkedInLocation(scan) ?? classLocation(scan) ?? textLocation(linkedIn?.location);
  const employmentType = microdataText(scan, 'employmentType') ?? linkedInCriterion(scan, /^(?:employment type|type d.emploi|beschäftigungsverhältnis|tipo de empleo|tipo de emprego)$/i) ?? employmentNearTitle(scan);
  const datePosted = parseLooseDate(microdataText(scan, 'datePosted'));
  const strongTitle = microdataText(scan, 'title') ?? linkedInTopCard(scan, ['top-card-layout__title', 'topcard__title']) ?? h1MatchingTitle(scan);
  const isJobPage = options.knownJob === true || showsOneJob(scan) || mentionsJobPosting(scan) || looksLikePosting(description ?? '')
    || Boolean(employmentType || datePosted) || (location !== undefined && hasJobWords(scan));
  const title = [strongTitle, linkedIn?.title, ...(isJobPage ? weakTitles(scan) : [])].map((t) => cleanLine(t)).find(isSpecificTitle);
  return {
    isJobPage,
    fields: {
      title,
      company: companyOf(scan, linkedIn?.company, isJobPage),
      location,
      employmentType: employmentType ? employmentLabel([employmentType]) : undefined,
      datePosted,
      validThrough: parseLooseDate(microdataText(scan, 'validThrough')),
      description,
    },
  };
}

/** LinkedIn's `og:title`: "Talan hiring Architecte Infrastructure Azure H/F - CDI in Toulouse, Occitanie, France | LinkedIn". */
function readLinkedInTitle(title: string | undefined): { company: string; title: string; location?: string } | undefined {
  const m = /^(.+?) hiring (.+?)(?: in ([^|]+?))? \| LinkedIn$/.exec(collapse(title ?? ''));
  return m ? { company: m[1], title: m[2], location: m[3] } : undefined;
}

function microdataElement(scan: PageScan, prop: string): Element | undefined {
  return scan.itemprops.get(prop)?.[0];
}

/** An itemprop's value: `content`/`datetime` attributes first, then its text. */
function microdataText(scan: PageScan, prop: string): string | undefined {
  const element = microdataElement(scan, prop);
  if (!element) return undefined;
  const value = element.attribs.content ?? element.attribs.datetime ?? inlineText(element.children);
  return cleanLine(value);
}

function microdataLocation(scan: PageScan): Location | undefined {
  const place = microdataElement(scan, 'jobLocation');
  if (!place) return undefined;
  const part = (prop: string): string | undefined => {
    const element = findInside(place, (e) => e.attribs.itemprop === prop);
    return element && cleanLine(element.attribs.content ?? inlineText(element.children), 120);
  };
  const [city, region, country] = [part('addressLocality'), part('addressRegion'), part('addressCountry')];
  const text = [city, region, country].filter(Boolean).join(', ') || cleanLine(inlineText(place.children), 200);
  return text ? { text, city, region, country } : undefined;
}

function linkedInTopCard(scan: PageScan, tokens: readonly string[]): string | undefined {
  for (const token of tokens) {
    const element = firstWithClass(scan, token);
    if (element) return cleanLine(inlineText(element.children));
  }
  return undefined;
}

/** The place on LinkedIn's top card: the first bulleted flavor span (the next ones are applicant counts). */
function linkedInLocation(scan: PageScan): Location | undefined {
  const span = scan.classes.get('topcard__flavor--bullet')?.find((e) => e.name === 'span' && e.attribs.class.includes('topcard__flavor '));
  return textLocation(span && inlineText(span.children));
}

/** LinkedIn's criteria list ("Seniority level", "Employment type", ...): the value under a matching subheader. */
function linkedInCriterion(scan: PageScan, subheader: RegExp): string | undefined {
  for (const item of scan.classes.get('description__job-criteria-item') ?? []) {
    const head = findInside(item, (e) => e.attribs.class?.includes('description__job-criteria-subheader') ?? false);
    const value = findInside(item, (e) => e.attribs.class?.includes('description__job-criteria-text') ?? false);
    if (head && value && subheader.test(inlineText(head.children))) return cleanLine(inlineText(value.children), 80);
  }
  return undefined;
}

/** A short text in an element whose class names a location ("job-location", "TruncatedLocations_locationText"). */
function classLocation(scan: PageScan): Location | undefined {
  for (const element of elementsWithClassPart(scan, 'location')) {
    const text = cleanLine(inlineText(element.children), 120);
    if (text && !/^(?:locations?|location:?)$/i.test(text)) return { text: text.replace(/^locations?:\s*/i, '') };
  }
  return undefined;
}

function textLocation(text: string | undefined): Location | undefined {
  const clean = cleanLine(text, 200);
  return clean ? { text: clean } : undefined;
}

/** Employment words in the block around the page's main heading (Personio, Recruitee, Teamtailor pages print them there). */
function employmentNearTitle(scan: PageScan): string | undefined {
  const h1 = scan.tags.get('h1')?.[0];
  const block = h1?.parent && isTag(h1.parent) ? h1.parent : undefined;
  if (!block) return undefined;
  const lines = nodesToText(block.children).split('\n').map((l) => l.trim());
  const found = lines.filter(isEmploymentWords);
  return found.length > 0 ? found.join(', ') : undefined;
}

/** The first `<h1>` when it repeats the start of the page title: two places agreeing is good evidence. */
function h1MatchingTitle(scan: PageScan): string | undefined {
  const h1 = scan.tags.get('h1')?.[0];
  const heading = h1 && cleanLine(inlineText(h1.children));
  if (!heading) return undefined;
  const titles = [scan.title, scan.meta.get('og:title'), scan.meta.get('twitter:title')].map((t) => collapse(t ?? '').toLowerCase());
  return titles.some((t) => t && t.startsWith(heading.toLowerCase())) ? heading : undefined;
}

/** Titles that only count on a page that otherwise reads as a job: meta titles, the first heading, `<title>`. */
function weakTitles(scan: PageScan): (string | undefined)[] {
  const h1 = scan.tags.get('h1')?.[0];
  return [
    titleHead(scan.meta.get('og:title')),
    titleHead(scan.meta.get('twitter:title')),
    h1 && inlineText(h1.children),
    titleHead(scan.title),
  ];
}

/** The part of a page title before the site name ("Backend Engineer | Jobs bei comparis.ch" → "Backend Engineer"). */
function titleHead(title: string | undefined): string | undefined {
  return title?.split(/\s[|｜]\s|｜/)[0];
}

/** "Jobs bei comparis.ch", "Careers at Contoso", "Contoso Careers": a title segment that names the employer. */
function companyFromTitle(title: string | undefined): string | undefined {
  for (const segment of (title ?? '').split(/\s[|｜–—-]\s|｜/).slice(1)) {
    const text = collapse(segment);
    const m = /^(?:jobs?|careers?|karriere|stellenangebote|emplois?|offres d.emploi|vacatures)\s+(?:at|bei|chez|@|with|bij)\s+(.+)$/i.exec(text)
      ?? /^(.+?)\s+(?:careers|jobs|karriere)$/i.exec(text);
    if (m && !PLATFORM_NAMES.test(m[1])) return m[1];
  }
  return undefined;
}

function companyOf(scan: PageScan, linkedInCompany: string | undefined, isJobPage: boolean): string | undefined {
  const strong = microdataCompany(scan) ?? linkedInTopCard(scan, ['topcard__org-name-link']) ?? linkedInCompany ?? companyFromTitle(scan.title) ?? companyFromTitle(scan.meta.get('og:title'));
  if (strong) return cleanLine(strong, 200);
  return isJobPage ? siteNameCompany(scan.meta.get('og:site_name')) : undefined;
}

function microdataCompany(scan: PageScan): string | undefined {
  const org = microdataElement(scan, 'hiringOrganization');
  if (!org) return undefined;
  const name = findInside(org, (e) => e.attribs.itemprop === 'name');
  const value = name ? name.attribs.content ?? inlineText(name.children) : org.attribs.content ?? inlineText(org.children);
  return cleanLine(value, 200);
}

/** `og:site_name` names the employer on its own career site ("Contoso Careers"), never on a job board. */
function siteNameCompany(siteName: string | undefined): string | undefined {
  const name = cleanLine(siteName, 120)?.replace(/\s+(?:careers?|jobs|karriere|recruiting)$/i, '');
  return name && !PLATFORM_NAMES.test(name) ? name : undefined;
}

/** Words in a page's titles that a single job posting uses ("careers" and "jobs" head listings too). */
const JOB_TITLE_WORDS = /\b(?:hiring|job|vacancy|stellenangebot|offre d.emploi|h\/f|f\/h|m\/w\/d|w\/m\/d|f\/m\/x|m\/f\/d|all genders)\b|求人/i;

/** An ld+json block that names JobPosting but could not be read is still the site saying "this is a job". */
function mentionsJobPosting(scan: PageScan): boolean {
  return scan.jsonLd.some((block) => block.includes('JobPosting'));
}

function hasJobWords(scan: PageScan): boolean {
  return JOB_TITLE_WORDS.test(`${scan.title ?? ''} ${scan.meta.get('og:title') ?? ''}`);
}
