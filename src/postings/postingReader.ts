import { AppError } from '../errors';
import { canonicalUrl, contentId } from './canonicalUrl';
import { extractFromPastedText } from './extract';
import type { JobPageReader } from './jobPageReader';
import type { ExtractedPosting, Posting } from './posting';
import type { PostingRepository } from './postingRepository';

/** How long a stored posting is reused before it is read again. */
const REUSE_FOR_MS = 6 * 60 * 60 * 1000;

/** Pasted text shorter than this is a chat message, not an attempt at a posting. */
export const MIN_PASTED_POSTING_CHARS = 120;

/** Postings from links and pasted text, one stored copy per canonical URL (or per text). */
export class PostingReader {
  constructor(
    private readonly deps: {
      postings: PostingRepository;
      pages: JobPageReader;
      now?: () => Date;
      /** Told of each posting stored again (read afresh, pasted or completed), so the copies kept of it follow. */
      onStored?: (posting: Posting) => Promise<unknown>;
    },
  ) {}

  /** The canonical URL and posting id a link names, without any network access. Throws BAD_URL/UNSUPPORTED_SCHEME. */
  identify(url: string): { canonicalUrl: string; postingId: string } {
    const canonical = canonicalUrl(url);
    return { canonicalUrl: canonical, postingId: contentId(canonical) };
  }

  /** The posting a link names: the stored copy when it is recent, otherwise read and stored now. */
  async read(url: string, options: { requesterKey?: string } = {}): Promise<Posting> {
    const { canonicalUrl: canonical, postingId } = this.identify(url);
    const stored = await this.deps.postings.find(postingId);
    if (stored && this.now().getTime() - stored.fetchedAt.getTime() < REUSE_FOR_MS) return stored;
    const extracted = await this.deps.pages.extract(canonical, options.requesterKey);
    // A posting read for the first time has no copies anywhere yet.
    return this.store(postingId, canonical, extracted, { replacing: stored !== undefined });
  }

  /**
   * A posting from text the user pasted. With `url` (a site that blocks bots) the text becomes that
   * link's posting; without, the posting is keyed by the text itself.
   */
  async fromText(text: string, url?: string): Promise<Posting> {
    const outcome = extractFromPastedText(text);
    if (outcome.kind !== 'posting') throw new AppError('TEXT_TOO_SHORT', { details: { reason: outcome.reason } });
    if (url) {
      const { canonicalUrl: canonical, postingId } = this.identify(url);
      return this.store(postingId, canonical, { ...outcome.posting, url: canonical }, { replacing: true });
    }
    const postingId = contentId(`text\n${normalizeText(text)}`);
    return this.store(postingId, `text:${postingId}`, outcome.posting, { replacing: true });
  }

  /** Sets the title and company a pasted posting lacked (only text postings: pages speak for themselves). */
  async complete(postingId: string, fields: { title?: string; company?: string }): Promise<Posting> {
    const posting = await this.deps.postings.find(postingId);
    if (!posting) throw new AppError('JOB_NOT_FOUND');
    if (posting.source !== 'text') throw new AppError('BAD_CARD_INPUT');
    const updated = { ...posting, title: clean(fields.title) ?? posting.title, company: clean(fields.company) ?? posting.company };
    await this.save(updated, { replacing: true });
    return updated;
  }

  private async store(id: string, canonical: string, extracted: ExtractedPosting, how: { replacing: boolean }): Promise<Posting> {
    const now = this.now();
    const posting: Posting = { ...extracted, id, canonicalUrl: canonical, fetchedAt: now, lastCheckedAt: now, open: true };
    await this.save(posting, how);
    return posting;
  }

  /** Saves the posting; one that may replace a stored copy is told of (`replacing`: it may, as far as we know). */
  private async save(posting: Posting, how: { replacing: boolean }): Promise<void> {
    await this.deps.postings.save(posting);
    if (how.replacing) await this.deps.onStored?.(posting);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** Whitespace and case do not make a different posting. */
function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function clean(value: string | undefined): string | undefined {
  const text = value?.replace(/[\u0000-\u001f<>]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return text || undefined;
}
