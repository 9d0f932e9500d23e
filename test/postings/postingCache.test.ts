import type { Posting } from '../../src/postings/posting';
import { CachedPostingRepository, POSTING_FRESH_MS } from '../../src/postings/postingCache';
import { MongoPostingRepository } from '../../src/postings/postingRepository';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('postings kept in memory in front of the real database', () => {
  let database: TestDatabase;
  let store: MongoPostingRepository;
  let clock: number;
  /** What another process does: writes the collection directly, past this process's cache. */
  const writeElsewhere = (id: string, fields: Partial<Posting>) =>
    database.db.collection<{ _id: string }>('postings').updateOne({ _id: id }, { $set: fields });

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new MongoPostingRepository(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(() => {
    clock = Date.parse('2026-11-20T09:00:00Z');
  });

  const at = new Date('2026-11-20T08:00:00Z');
  const posting = (id: string, title: string, description = 'Build the platform our teams ship on.'): Posting => ({
    id,
    source: 'jsonld',
    url: `https://jobs.example.com/${id}`,
    canonicalUrl: `https://jobs.example.com/${id}`,
    title,
    company: 'Contoso',
    remote: 'hybrid',
    description,
    fetchedAt: at,
    lastCheckedAt: at,
    open: true,
  });
  const cacheOf = (capacityChars?: number) => new CachedPostingRepository(store, { now: () => clock, capacityChars });

  test('when a posting is read twice within a minute, then the second read is the kept copy; after a minute another process\'s change shows', async () => {
    const postings = cacheOf();
    await store.save(posting('p-fresh', 'Platform Engineer'));

    expect((await postings.find('p-fresh'))?.title).toBe('Platform Engineer');
    await writeElsewhere('p-fresh', { title: 'Staff Platform Engineer' });
    clock += POSTING_FRESH_MS - 1;
    expect((await postings.find('p-fresh'))?.title).toBe('Platform Engineer');
    clock += 1;
    expect((await postings.find('p-fresh'))?.title).toBe('Staff Platform Engineer');
    expect(await postings.find('p-missing')).toBeUndefined();
  });

  test('when this process saves a posting or records a re-check, then its next read shows the write at once', async () => {
    const postings = cacheOf();
    await postings.save(posting('p-own', 'Platform Engineer'));
    expect((await postings.find('p-own'))?.title).toBe('Platform Engineer');

    await postings.save(posting('p-own', 'Principal Platform Engineer'));
    expect((await postings.find('p-own'))?.title).toBe('Principal Platform Engineer');

    const checkedAt = new Date('2026-11-20T09:30:00Z');
    await postings.markChecked('p-own', false, checkedAt);
    expect(await postings.find('p-own')).toMatchObject({ open: false, lastCheckedAt: checkedAt });
    expect((await postings.findMany(['p-own']))[0]).toMatchObject({ open: false });
  });

  test('when some postings are kept and some are not, then findMany gives each asked-for posting once, reading only the others', async () => {
    const postings = cacheOf();
    for (const id of ['m-1', 'm-2', 'm-3']) await store.save(posting(id, `Engineer ${id}`));
    await postings.find('m-1');
    await writeElsewhere('m-1', { title: 'changed elsewhere' });
    await writeElsewhere('m-2', { title: 'Engineer m-2, read now' });

    const found = await postings.findMany(['m-2', 'm-1', 'm-2', 'm-3', 'm-missing']);

    expect(found.map((p) => [p.id, p.title]).sort()).toEqual([
      ['m-1', 'Engineer m-1'],
      ['m-2', 'Engineer m-2, read now'],
      ['m-3', 'Engineer m-3'],
    ]);
    expect(await postings.findMany([])).toEqual([]);
  });

  /** A cache whose first read from the database is held back, after reading, until `release()`. */
  function cacheWithHeldRead() {
    let release!: () => void;
    let readDone!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const firstReadDone = new Promise<void>((resolve) => (readDone = resolve));
    let calls = 0;
    const held = Object.assign(Object.create(store) as MongoPostingRepository, {
      find: async (id: string) => {
        const first = calls++ === 0;
        const read = await store.find(id);
        if (first) {
          readDone();
          await gate;
        }
        return read;
      },
    });
    return { postings: new CachedPostingRepository(held, { now: () => clock }), firstReadDone, release };
  }

  test('when a save happens while a posting is being read, then the read\'s older copy is not kept', async () => {
    const { postings, firstReadDone, release } = cacheWithHeldRead();
    await store.save(posting('p-race', 'Platform Engineer'));

    const reading = postings.find('p-race');
    await firstReadDone;
    await postings.save(posting('p-race', 'Senior Platform Engineer'));
    release();

    expect((await reading)?.title).toBe('Platform Engineer');
    expect((await postings.find('p-race'))?.title).toBe('Senior Platform Engineer');
  });

  test('when an older read ends after a newer one, then the newer copy stays kept', async () => {
    const { postings, firstReadDone, release } = cacheWithHeldRead();
    await store.save(posting('p-late', 'Platform Engineer'));

    const older = postings.find('p-late');
    await firstReadDone;
    await writeElsewhere('p-late', { title: 'Staff Platform Engineer' });
    clock += 1_000;
    expect((await postings.find('p-late'))?.title).toBe('Staff Platform Engineer');
    release();
    expect((await older)?.title).toBe('Platform Engineer');

    expect((await postings.find('p-late'))?.title).toBe('Staff Platform Engineer');
  });

  test('when the kept postings pass the capacity, then the least recently read are dropped first', async () => {
    const long = 'x'.repeat(2_000);
    for (const id of ['c-1', 'c-2', 'c-3']) await store.save(posting(id, `Engineer ${id}`, long));
    const postings = cacheOf(5_000); // room for two

    await postings.find('c-1');
    await postings.find('c-2');
    await postings.find('c-1'); // c-2 is now the least recently read
    await postings.find('c-3');
    for (const id of ['c-1', 'c-2', 'c-3']) await writeElsewhere(id, { title: 'changed elsewhere' });

    expect((await postings.find('c-1'))?.title).toBe('Engineer c-1');
    expect((await postings.find('c-3'))?.title).toBe('Engineer c-3');
    expect((await postings.find('c-2'))?.title).toBe('changed elsewhere');
  });

  test('when a caller tries to change a posting it was given, then it cannot: every user shares that copy', async () => {
    const postings = cacheOf();
    await store.save({ ...posting('p-frozen', 'Platform Engineer'), salary: { min: 90_000, max: 120_000, currency: 'EUR', unit: 'year' } });
    const read = (await postings.find('p-frozen'))!;

    expect(() => {
      (read as { title?: string }).title = 'Changed';
    }).toThrow(TypeError);
    expect(() => {
      read.salary!.min = 1;
    }).toThrow(TypeError);
    expect((await postings.find('p-frozen'))?.salary?.min).toBe(90_000);
  });
});
