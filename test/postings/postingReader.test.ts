import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger';
import { SafeFetcher } from '../../src/postings/fetch/safeFetcher';
import { JobPageReader } from '../../src/postings/jobPageReader';
import type { Posting } from '../../src/postings/posting';
import { PostingReader } from '../../src/postings/postingReader';
import { MongoPostingRepository } from '../../src/postings/postingRepository';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** A job page whose title can change between reads, as real postings do. */
function jobPage(title: string): string {
  const posting = { '@context': 'https://schema.org', '@type': 'JobPosting', title, hiringOrganization: { '@type': 'Organization', name: 'Contoso' }, description: `<p>${title} wanted. You will build and run the platform our teams ship on, with Kubernetes and TypeScript.</p>`, datePosted: '2026-11-01' };
  return `<!doctype html><html><head><title>${title}</title><script type="application/ld+json">${JSON.stringify(posting)}</script></head><body><h1>${title}</h1></body></html>`;
}

describe('reading postings: who is told when a stored posting is stored again', () => {
  let database: TestDatabase;
  let server: http.Server;
  let title = 'Platform Engineer';
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(jobPage(title)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs/42`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database?.dispose();
  });

  test('when a posting is read for the first time, reused, then read again hours later, then only the read again is told of, with what the page says now', async () => {
    let clock = new Date('2026-11-20T09:00:00Z');
    const told: Posting[] = [];
    const pages = new JobPageReader({ fetcher: new SafeFetcher({ allowPrivateHosts: ['127.0.0.1'], totalTimeoutMs: 1500 }), log: createLogger('silent') });
    const reader = new PostingReader({ postings: new MongoPostingRepository(database.db), pages, now: () => clock, onStored: async (posting) => told.push(posting) });

    expect((await reader.read(url)).title).toBe('Platform Engineer');
    title = 'Staff Platform Engineer';
    clock = new Date('2026-11-20T10:00:00Z');
    expect((await reader.read(url)).title).toBe('Platform Engineer'); // the stored copy, an hour old
    expect(told).toEqual([]);

    clock = new Date('2026-11-20T16:00:00Z');
    expect((await reader.read(url)).title).toBe('Staff Platform Engineer');
    expect(told.map((p) => p.title)).toEqual(['Staff Platform Engineer']);
  });
});
