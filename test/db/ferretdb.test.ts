import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { ensureFerretDbBinary, startFerretDb, type EmbeddedDatabase } from '../../src/db/ferretdb';
import { createLogger } from '../../src/logger';

describe('the embedded database (FerretDB, built with its _id lookup fixed, string equalities handed to SQLite and lifetime tracking off)', () => {
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

  test('when documents are looked up by a list of _ids, then SQLite searches the unique index, and exactly those are found', async () => {
    const docs = client.db('lookup').collection<{ _id: string; owner: string; n: number }>('docs');
    const ids = async (filter: object) => (await docs.find(filter).toArray()).map((d) => d._id).sort();

    const plan = JSON.stringify((await docs.find({ _id: { $in: ['doc-7', 'doc-1999'] }, owner: 'user-0' }).explain()).queryPlanner);

    expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    expect(plan).not.toMatch(/SCAN/);
    expect(await ids({ _id: { $in: ['doc-7', 'doc-1999', 'doc-5000'] } })).toEqual(['doc-1999', 'doc-7']);
    expect(await ids({ _id: { $in: ['doc-7', 'doc-8'] }, owner: 'user-0' })).toEqual(['doc-7']);
    expect(await ids({ _id: { $in: ['doc-7', /^doc-12$/] } })).toEqual(['doc-12', 'doc-7']);
    expect(await ids({ _id: { $in: [] } })).toEqual([]);
    expect(await ids({ _id: { $nin: ['doc-7'] }, n: { $lt: 2 } })).toEqual(['doc-0', 'doc-1']);
  });

  test('when a filter has a string equality on an indexed field, then SQLite searches that index instead of reading the table', async () => {
    const docs = client.db('lookup').collection<{ _id: string; owner: string | string[]; n: number }>('owned');
    await docs.createIndex({ owner: 1, n: -1 });
    await docs.insertMany(Array.from({ length: 2000 }, (_, n) => ({ _id: `doc-${n}`, owner: `user-${n % 7}`, n })));
    await docs.insertOne({ _id: 'shared', owner: ['user-9', 'user-3'], n: -1 });

    const plan = JSON.stringify((await docs.find({ owner: 'user-3' }).explain()).queryPlanner);

    expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+_owner_1_n_-1/);
    expect(plan).not.toMatch(/SCAN/);
    expect(await docs.countDocuments({ owner: 'user-3' })).toBe(287);
    expect(await docs.countDocuments({ owner: 'user-9' })).toBe(1);
    expect(await docs.countDocuments({ owner: 'user-10' })).toBe(0);
  });

  test('when a filter has equalities on strings, then it matches exactly what MongoDB would, arrays, other types and odd characters included', async () => {
    const docs = client.db('pushdown').collection<{ _id: string; owner?: unknown; status?: unknown }>('docs');
    await docs.insertMany([
      { _id: 'a', owner: 'tenant:ana', status: 'saved' },
      { _id: 'b', owner: 'tenant:ana', status: 'applied' },
      { _id: 'c', owner: ['tenant:bo', 'tenant:ana'], status: 'saved' },
      { _id: 'd', owner: 'tenant:bo', status: 'saved' },
      { _id: 'e', owner: 7, status: 'saved' },
      { _id: 'f', status: 'saved' },
      { _id: 'g', owner: 'Ça & <co> "quoted" \\ ✓', status: 'saved' },
      { _id: 'h', owner: { nested: 'tenant:ana' }, status: 'saved' },
    ]);
    const ids = async (filter: object) => (await docs.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

    expect(await ids({ owner: 'tenant:ana' })).toEqual(['a', 'b', 'c']);
    expect(await ids({ owner: 'tenant:ana', status: 'saved' })).toEqual(['a', 'c']);
    expect(await ids({ _id: 'b', owner: 'tenant:ana' })).toEqual(['b']);
    expect(await ids({ _id: 'b', owner: 'tenant:bo' })).toEqual([]);
    expect(await ids({ owner: 'Ça & <co> "quoted" \\ ✓' })).toEqual(['g']);
    expect(await ids({ owner: '7' })).toEqual([]);
    expect(await ids({ owner: 7 })).toEqual(['e']);
    expect(await ids({ 'owner.nested': 'tenant:ana' })).toEqual(['h']);
    expect(await ids({ owner: { $in: ['tenant:bo'] } })).toEqual(['c', 'd']);
    expect(await docs.countDocuments({ owner: 'tenant:ana' })).toBe(3);
    expect((await docs.updateMany({ owner: 'tenant:bo' }, { $set: { status: 'gone' } })).modifiedCount).toBe(2);
    expect((await docs.deleteMany({ owner: 'tenant:ana', status: 'saved' })).deletedCount).toBe(1);
    expect(await ids({})).toEqual(['b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  test('when the same _id is inserted twice, then the second insert is refused (claims rely on it)', async () => {
    const claims = client.db('lookup').collection<{ _id: string }>('claims');
    await claims.insertOne({ _id: 'r1#1' });

    await expect(claims.insertOne({ _id: 'r1#1' })).rejects.toMatchObject({ code: 11000 });
  });

  test('when the process that started the database is killed with SIGKILL, then the database stops too', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', 'test/db/support/holdDatabase.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: holder.stdout! }).once('line', resolve);
      holder.once('exit', (code) => reject(new Error(`the holder exited (${code}) before starting the database`)));
    });
    const { pid, dataDir: heldDir } = JSON.parse(line) as { pid: number; dataDir: string };
    expect(isRunning(pid)).toBe(true);

    holder.kill('SIGKILL');

    const deadline = Date.now() + 10_000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isRunning(pid)).toBe(false);
    fs.rmSync(heldDir, { recursive: true, force: true });
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
