import type { Posting } from './posting';
import type { PostingRepository } from './postingRepository';

/** How long a posting is served from memory. A change made by another process shows here within this time. */
export const POSTING_FRESH_MS = 60_000;
/** About how many characters of postings are kept (their descriptions make up most of it). */
const CAPACITY_CHARS = 8_000_000;

interface Entry {
  posting: Posting;
  /** When the read that gave it began. */
  readAt: number;
  chars: number;
}

/** The moment a read from the repository began: its time, and the number of writes before it. */
interface ReadStart {
  at: number;
  writes: number;
}

/**
 * The postings last read, kept in memory in front of the repository. A posting is shared by everyone who
 * tracks it and changes rarely (read afresh after hours, checked once a day), while its card is drawn at every
 * click: a status change or a compare reads it from here instead of asking the database.
 *
 * Writes go through to the repository and drop the kept copy, so this process never reads its own write
 * stale; another process's write shows within POSTING_FRESH_MS. Kept postings are frozen, being shared by
 * every caller (their dates too are shared: no caller may change one). The least recently read are dropped
 * first once CAPACITY_CHARS is reached.
 */
export class CachedPostingRepository implements PostingRepository {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  /** Counts writes, so a read that a write overtook is not kept. */
  private writes = 0;

  constructor(
    private readonly store: PostingRepository,
    private readonly options: { now?: () => number; capacityChars?: number } = {},
  ) {}

  async find(id: string): Promise<Posting | undefined> {
    const kept = this.fresh(id);
    if (kept) return kept;
    const read = this.readStart();
    const posting = await this.store.find(id);
    return posting && this.keep(posting, read);
  }

  async findMany(ids: string[]): Promise<Posting[]> {
    const unique = [...new Set(ids)];
    const kept = unique.flatMap((id) => this.fresh(id) ?? []);
    if (kept.length === unique.length) return kept;
    const keptIds = new Set(kept.map((posting) => posting.id));
    const read = this.readStart();
    const found = await this.store.findMany(unique.filter((id) => !keptIds.has(id)));
    return [...kept, ...found.map((posting) => this.keep(posting, read))];
  }

  save(posting: Posting): Promise<void> {
    return this.writeThrough(posting.id, () => this.store.save(posting));
  }

  markChecked(id: string, open: boolean, at: Date): Promise<void> {
    return this.writeThrough(id, () => this.store.markChecked(id, open, at));
  }

  ensureIndexes(): Promise<void> {
    return this.store.ensureIndexes();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The kept copy, if it is fresh; a hit becomes the most recently read. */
  private fresh(id: string): Posting | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.drop(id, entry);
    if (this.now() - entry.readAt >= POSTING_FRESH_MS) return undefined;
    this.add(id, entry);
    return entry.posting;
  }

  private readStart(): ReadStart {
    return { at: this.now(), writes: this.writes };
  }

  /**
   * Keeps what was read, unless a write happened while it was being read or a read begun later is kept
   * already; returns it frozen either way.
   */
  private keep(posting: Posting, read: ReadStart): Posting {
    const frozen = deepFreeze(posting);
    if (read.writes !== this.writes) return frozen;
    const previous = this.entries.get(posting.id);
    if (previous && previous.readAt >= read.at) return frozen;
    if (previous) this.drop(posting.id, previous);
    this.add(posting.id, { posting: frozen, readAt: read.at, chars: JSON.stringify(posting).length });
    const capacity = this.options.capacityChars ?? CAPACITY_CHARS;
    for (const [id, entry] of this.entries) {
      if (this.chars <= capacity) break;
      this.drop(id, entry);
    }
    return frozen;
  }

  /** Writes the posting to the repository, then drops its kept copy (also when the write failed: it may have landed). */
  private async writeThrough(id: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } finally {
      this.writes += 1;
      const entry = this.entries.get(id);
      if (entry) this.drop(id, entry);
    }
  }

  private add(id: string, entry: Entry): void {
    this.entries.set(id, entry);
    this.chars += entry.chars;
  }

  private drop(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.chars -= entry.chars;
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
