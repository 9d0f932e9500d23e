import { MongoTrackedJobRepository } from '../../src/tracking/mongoTrackedJobRepository';
import type { TrackedJob } from '../../src/tracking/trackedJob';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('the copies a tracked job keeps of its posting, against the real database', () => {
  let database: TestDatabase;
  let jobs: MongoTrackedJobRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = new MongoTrackedJobRepository(database.db);
    await jobs.ensureIndexes();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const at = new Date('2026-11-20T09:00:00Z');
  const job = (userKey: string, postingId: string): TrackedJob => ({
    id: `${userKey}-${postingId}`,
    userKey,
    postingId,
    status: 'saved',
    title: 'Engineer',
    company: 'Contoso',
    locationText: 'Porto',
    remote: 'onsite',
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
  });

  test('when a posting is read again with other fields, then every user\'s job of it follows, searchable by the new words, and only changed jobs are written', async () => {
    for (const userKey of ['ana', 'bo']) await jobs.insertOnce(job(userKey, 'posting-1'));
    await jobs.insertOnce(job('ana', 'posting-2'));

    expect(await jobs.refreshCopies('posting-1', { title: 'Staff Engineer', company: 'Contoso', locationText: 'Lisbon', remote: 'hybrid' })).toBe(2);
    expect(await jobs.refreshCopies('posting-1', { title: 'Staff Engineer', company: 'Contoso', locationText: 'Lisbon', remote: 'hybrid' })).toBe(0);

    expect(await jobs.find('bo', 'bo-posting-1')).toMatchObject({ title: 'Staff Engineer', locationText: 'Lisbon', remote: 'hybrid', status: 'saved' });
    expect((await jobs.list('ana', { text: 'staff', skip: 0, limit: 10 })).jobs.map((j) => j.id)).toEqual(['ana-posting-1']);
    expect(await jobs.find('ana', 'ana-posting-2')).toMatchObject({ title: 'Engineer', locationText: 'Porto', remote: 'onsite' });

    // A posting that no longer names a place leaves none on its jobs.
    expect(await jobs.refreshCopies('posting-1', { title: 'Staff Engineer', company: 'Contoso', remote: 'hybrid' })).toBe(2);
    expect(await jobs.refreshCopies('posting-1', { title: 'Staff Engineer', company: 'Contoso', remote: 'hybrid' })).toBe(0);
    expect((await jobs.find('ana', 'ana-posting-1'))?.locationText).toBeUndefined();
  });
});
