import { collapse, firstWithClass, type PageScan } from './dom';
import { inlineText } from './text';

/** Why a page is not one job: a login or bot wall, or a list of many jobs. */
export interface NotOneJob {
  reason: 'wall' | 'listing';
  /** What gave it away, for logs and tests. */
  detail: string;
}

/** Titles of bot checks and challenge pages (Cloudflare, Indeed, Glassdoor, generic captchas). */
const CHALLENGE_TITLES = /^(?:just a moment|attention required|security check|security \||access denied|please verify|verify you are human|are you a robot|one moment, please|checking your browser|pardon our interruption|robot check|captcha)/i;

/** Markers that only challenge pages carry (a Cloudflare jsd beacon on a normal page has none of them). */
const CHALLENGE_MARKERS = ['_cf_chl_opt', 'cf-challenge-running', 'challenge-error-text', 'px-captcha', 'geo.captcha-delivery.com', 'INDEED_CLOUDFLARE_STATIC_PAGE'];

const LOGIN_TITLES = /\b(?:log ?in|sign ?in|anmelden|connexion|se connecter|iniciar sesión|inloggen)\b/i;

/** Recognises login walls and bot challenges served instead of a job page. */
export function detectWall(html: string, scan: PageScan): NotOneJob | undefined {
  const title = scan.title ?? '';
  if (CHALLENGE_TITLES.test(title)) return { reason: 'wall', detail: `challenge title "${title}"` };
  const marker = CHALLENGE_MARKERS.find((m) => html.includes(m));
  if (marker) return { reason: 'wall', detail: `challenge marker ${marker}` };
  const pageKey = scan.meta.get('pagekey') ?? '';
  if (/checkpoint|login|signup|authwall/i.test(pageKey)) return { reason: 'wall', detail: `LinkedIn pageKey ${pageKey}` };
  if (scan.passwordInputs > 0 && LOGIN_TITLES.test(title)) return { reason: 'wall', detail: `login form, title "${title}"` };
  return undefined;
}

/** Job cards in search results; a detail page's "similar jobs" strip is ruled out by its single-job evidence first. */
const CARD_TOKEN = /(?:^|[-_])(?:job|jobs|result|search|posting|vacancy|offer)[-_]?(?:card|tile|listing|result)(?:$|[-_])/;
const MIN_CARDS = 3;

/** A result count in a title or heading: "1,000+ Python Developer jobs in Chennai", "313件の求人". */
const RESULT_COUNT = /(?:^|\s)\d[\d,.\s]*\+?\s+(?:[\p{L}\p{N}#+.&/-]+\s+){0,5}(?:jobs|vacancies|openings|positions|emplois|offres d'emploi|stellenangebote|stellen|jobangebote|ofertas de empleo|vacatures)\b|[\d,]+\s*件/iu;

/** Recognises a page that lists many jobs (search results, a board) rather than showing one. */
export function detectListing(scan: PageScan): NotOneJob | undefined {
  const pageKey = scan.meta.get('pagekey') ?? '';
  if (/jobs_guest_search|jobs_search|search_results/i.test(pageKey)) return { reason: 'listing', detail: `LinkedIn pageKey ${pageKey}` };
  const headings = [scan.title ?? '', ...(scan.tags.get('h1') ?? []).slice(0, 3).map((h) => inlineText(h.children))];
  const counted = headings.find((h) => RESULT_COUNT.test(h));
  if (counted) return { reason: 'listing', detail: `result count "${collapse(counted)}"` };
  const cards = largestCardGroup(scan);
  if (cards >= MIN_CARDS) return { reason: 'listing', detail: `${cards} job cards` };
  return undefined;
}

function largestCardGroup(scan: PageScan): number {
  let largest = 0;
  for (const [token, elements] of scan.classes) if (CARD_TOKEN.test(token)) largest = Math.max(largest, elements.length);
  return largest;
}

/** Whether the page itself says it shows one job (so a "similar jobs" strip is not read as a listing). */
export function showsOneJob(scan: PageScan): boolean {
  const pageKey = scan.meta.get('pagekey') ?? '';
  if (/jobs_guest_details|job_details|jobs_view/i.test(pageKey)) return true;
  if (scan.itemTypes.some((type) => /JobPosting/i.test(type)) || scan.itemprops.has('title')) return true;
  return firstWithClass(scan, 'top-card-layout__title') !== undefined;
}
