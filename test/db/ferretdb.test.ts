import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ensureFerretDbBinary, startFerretDb, type EmbeddedDatabase } from '../../src/db/ferretdb';
import { createLogger } from '../../src/logger';

describe('the embedded database (FerretDB, built with its _id lookup fixed)', () => {
  const log = createLogger('silent');
  let dataDir: string;
  let database: EmbeddedDatabase;
  let client: MongoClient;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobtracker-ferretdb-'));
    database = await startFerretDb({ binary: await ensureFerretDbBinary(path.resolve('.cache'), log), dataDir, log });
    client = await MongoClient.connect(database.uri);
  });
  afterAll(async () => {
    await client?.close();
    await database?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('when a document is looked up by _id, then SQLite searches the unique index instead of reading the table, and finds the right one', async () => {
    const docs = client.db('lookup').collection<{ _id: string; owner: string; n: number }>('docs');
    await docs.insertMany(Array.from({ length: 2000 }, (_, n) => ({ _id: `doc-${n}`, owner: `user-${n % 7}`, n })));

    const plan = JSON.stringify((await docs.find({ _id: 'doc-1234' }).explain()).queryPlanner);

    expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    expect(await docs.findOne({ _id: 'doc-1234' })).toEqual({ _id: 'doc-1234', owner: 'user-2', n: 1234 });
    expect(await docs.findOne({ _id: 'doc-2000' })).toBeNull();
    expect(await docs.countDocuments({ owner: 'user-3' })).toBe(286);
  });

  test('when the same _id is inserted twice, then the second insert is refused (claims rely on it)', async () => {
    const claims = client.db('lookup').collection<{ _id: string }>('claims');
    await claims.insertOne({ _id: 'r1#1' });

    await expect(claims.insertOne({ _id: 'r1#1' })).rejects.toMatchObject({ code: 11000 });
  });
});
