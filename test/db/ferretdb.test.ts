import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Binary, MongoClient, ObjectId } from 'mongodb';
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

  // With an index that begins with a filtered field, the equality is written without the arrays' range once no
  // array is found in the field, and the index also holds the fields' types: each case runs both ways.
  const indexings = [
    ['without an index', []],
    ['with indexes on the filtered fields', [{ owner: 1, status: 1 }, { owner: 1, at: -1 }, { status: 1 }]],
  ] as const;

  test.each(indexings)('when a filter has equalities on strings, then it matches exactly what MongoDB would, arrays, other types and odd characters included (%s)', async (name, indexes) => {
    const docs = client.db('pushdown').collection<{ _id: string; owner?: unknown; status?: unknown }>(name);
    for (const index of indexes) await docs.createIndex(index);
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

  test.each(indexings)('when a find is sorted by one field, then the documents come in MongoDB\'s order, types mixed, skipped and limited, with the filter applied (%s)', async (name, indexes) => {
    const docs = client.db('sorting').collection<{ _id: string; owner: unknown; at?: unknown }>(name);
    for (const index of indexes) await docs.createIndex(index);
    const ana = 'tenant:ana';
    await docs.insertMany([
      { _id: 'date-new', owner: ana, at: new Date('2026-11-01T00:00:00Z') },
      { _id: 'date-old', owner: ana, at: new Date('1999-01-01T00:00:00Z') },
      { _id: 'date-before-1970', owner: ana, at: new Date('1960-06-01T00:00:00Z') },
      { _id: 'string-b', owner: ana, at: 'b' },
      { _id: 'string-B', owner: ana, at: 'B' },
      { _id: 'string-ä', owner: ana, at: 'ä' },
      { _id: 'number-10', owner: ana, at: 10 },
      { _id: 'number-9.5', owner: ana, at: 9.5 },
      { _id: 'number-minus', owner: ana, at: -3 },
      { _id: 'true', owner: ana, at: true },
      { _id: 'false', owner: ana, at: false },
      { _id: 'null', owner: ana, at: null },
      { _id: 'missing', owner: ana },
      { _id: 'other-owner', owner: 'tenant:bo', at: 1 },
      { _id: 'owners-array', owner: ['tenant:bo'], at: 2 },
      { _id: 'owners-array-with-ana', owner: ['tenant:bo', ana], at: 11 },
    ]);
    const ascending = ['missing', 'null', 'number-minus', 'number-9.5', 'number-10', 'owners-array-with-ana', 'string-B', 'string-b', 'string-ä', 'false', 'true', 'date-before-1970', 'date-old', 'date-new'];
    const ids = async (direction: 1 | -1, skip = 0, limit = 0) =>
      (await docs.find({ owner: ana }).sort({ at: direction }).skip(skip).limit(limit).toArray()).map((d) => d._id).filter((id) => id !== 'null' && id !== 'missing');
    const withoutNulls = ascending.filter((id) => id !== 'null' && id !== 'missing');

    expect(await ids(1)).toEqual(withoutNulls);
    expect(await ids(-1)).toEqual([...withoutNulls].reverse());
    expect(await ids(1, 5, 4)).toEqual(['owners-array-with-ana', 'string-B', 'string-b', 'string-ä']);
    expect(await ids(-1, 0, 3)).toEqual(['date-new', 'date-old', 'date-before-1970']);
    expect((await docs.find({ owner: ana }).sort({ at: 1 }).limit(2).toArray()).map((d) => d._id).sort()).toEqual(['missing', 'null']);
    expect((await docs.find({ owner: ana }).sort({ at: -1 }).skip(12).toArray()).map((d) => d._id).sort()).toEqual(['missing', 'null']);
    expect(await docs.countDocuments({ owner: ana })).toBe(14);
  });

  test.each(indexings)('when a find is sorted by a date, then its pages come in order, each job once, also once an older date and an array of owners arrive (%s)', async (name, indexes) => {
    type Doc = { _id: string; owner: string | string[]; at: Date };
    const docs = client.db('dates').collection<Doc>(name);
    for (const index of indexes) await docs.createIndex(index);
    const ana = 'tenant:ana';
    const start = Date.parse('2026-01-01T00:00:00Z');
    const hours = (n: number) => new Date(start + n * 3_600_000);
    // Scattered times, some shared (ties), a quarter of them another owner's.
    const mirror: Doc[] = Array.from({ length: 40 }, (_, n) => ({ _id: `job-${n}`, owner: n % 4 === 0 ? 'tenant:bo' : ana, at: hours((n * 17) % 31) }));
    await docs.insertMany(mirror);

    const expectPagesInOrder = async () => {
      const ownedByAna = mirror.filter((d) => d.owner === ana || (Array.isArray(d.owner) && d.owner.includes(ana)));
      for (const direction of [1, -1] as const) {
        const pages: Doc[] = [];
        for (let skip = 0; skip <= ownedByAna.length; skip += 7) pages.push(...(await docs.find({ owner: ana }).sort({ at: direction }).skip(skip).limit(7).toArray()));
        const times = pages.map((d) => d.at.getTime() * direction);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(pages.map((d) => d._id).sort()).toEqual(ownedByAna.map((d) => d._id).sort());
      }
      expect(await docs.countDocuments({ owner: ana })).toBe(ownedByAna.length);
    };

    await expectPagesInOrder();
    // Dates of 13 digits sort by their text; this one has 12, and must still come last (newest first).
    const old: Doc = { _id: 'old', owner: ana, at: new Date('1999-12-31T00:00:00Z') };
    mirror.push(old);
    await docs.insertOne(old);
    await expectPagesInOrder();
    expect((await docs.find({ owner: ana }).sort({ at: -1 }).skip(30).toArray()).map((d) => d._id)).toEqual(['old']);
    // An array holding the owner matches the owner's equality.
    const shared: Doc = { _id: 'shared', owner: ['tenant:bo', ana], at: hours(100) };
    mirror.push(shared);
    await docs.insertOne(shared);
    await docs.deleteOne({ _id: 'old' });
    mirror.splice(mirror.indexOf(old), 1);
    await expectPagesInOrder();
    expect((await docs.find({ owner: ana }).sort({ at: -1 }).limit(1).toArray()).map((d) => d._id)).toEqual(['shared']);
  });

  test('when a sorted field holds an array, then the sort is still MongoDB\'s (by the array\'s smallest or largest element)', async () => {
    const docs = client.db('sorting').collection<{ _id: string; owner: string; at: unknown }>('arrays');
    await docs.insertMany([
      { _id: 'five', owner: 'ana', at: 5 },
      { _id: 'one-and-nine', owner: 'ana', at: [9, 1] },
      { _id: 'three', owner: 'ana', at: 3 },
    ]);
    const ids = async (direction: 1 | -1) => (await docs.find({ owner: 'ana' }).sort({ at: direction }).limit(2).toArray()).map((d) => d._id);

    expect(await ids(1)).toEqual(['one-and-nine', 'three']);
    expect(await ids(-1)).toEqual(['one-and-nine', 'five']);
  });

  test.each(indexings)('when documents are counted, then the count is MongoDB\'s, whether SQLite counts them alone or FerretDB reads them (%s)', async (name, indexes) => {
    const docs = client.db('counting').collection<{ _id: string | ObjectId; owner?: unknown; status?: unknown }>(name);
    for (const index of indexes) await docs.createIndex(index);
    const hex = '65a1b2c3d4e5f60718293a4b';
    const otherHex = '65a1b2c3d4e5f60718293a4c';
    await docs.insertMany([
      { _id: 'a', owner: 'tenant:ana', status: 'saved' },
      { _id: 'b', owner: 'tenant:ana', status: 'applied' },
      { _id: 'c', owner: ['tenant:bo', 'tenant:ana'], status: 'saved' },
      { _id: 'e', owner: { nested: 'tenant:ana' }, status: 'saved' },
      { _id: 'f', owner: new ObjectId(hex), status: 'saved' },
      { _id: 'g', owner: [new ObjectId(hex), 7], status: 'saved' },
      { _id: 'h', owner: new Binary(Buffer.from('tenant')), status: 'saved' },
      { _id: 'i', owner: /tenant:ana/, status: 'saved' },
      { _id: 'j', status: 'saved' },
      { _id: new ObjectId(otherHex), owner: 'Ça & <co> "quoted" \\ ✓', status: 'saved' },
      { _id: hex, owner: 'tenant:bo', status: 'saved' },
    ]);

    expect(await docs.countDocuments({ owner: 'tenant:ana' })).toBe(3);
    expect(await docs.countDocuments({ owner: 'tenant:ana', status: 'saved' })).toBe(2);
    expect(await docs.countDocuments({ owner: hex })).toBe(0);
    expect(await docs.countDocuments({ owner: Buffer.from('tenant').toString('base64') })).toBe(0);
    expect(await docs.countDocuments({ owner: 'tenant:ana', status: 'gone' })).toBe(0);
    expect(await docs.countDocuments({ owner: 'Ça & <co> "quoted" \\ ✓' })).toBe(1);
    expect(await docs.countDocuments({ _id: hex })).toBe(1);
    expect(await docs.countDocuments({ _id: otherHex })).toBe(0);
    expect(await docs.countDocuments({ _id: new ObjectId(otherHex) })).toBe(1);
    expect(await docs.countDocuments({ _id: 'zzz' })).toBe(0);
    expect(await docs.countDocuments({})).toBe(11);
    expect(await docs.countDocuments({ status: 'saved' }, { limit: 3 })).toBe(3);
    expect(await docs.countDocuments({ owner: { $in: ['tenant:bo'] } })).toBe(2);
    expect(await docs.countDocuments({ 'owner.nested': 'tenant:ana' })).toBe(1);
    expect(await docs.countDocuments({ owner: /ana/ })).toBe(3);
    expect(await docs.aggregate([{ $match: { owner: 'tenant:ana' } }, { $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray()).toEqual([
      { _id: 'applied', n: 1 },
      { _id: 'saved', n: 2 },
    ]);
    expect(await docs.aggregate([{ $match: { owner: 'tenant:ana' } }, { $group: { _id: null, total: { $sum: 1 } } }]).toArray()).toEqual([{ _id: null, total: 3 }]);
    expect(await docs.aggregate([{ $match: { owner: 'nobody' } }, { $group: { _id: 1, n: { $sum: 1 } } }]).toArray()).toEqual([]);
  });

  test('when updates of one document race, then none is lost and a filtered update is a compare-and-set', async () => {
    const docs = client.db('racing').collection<{ _id: string; status: string; n: number }>('docs');
    await docs.insertOne({ _id: 'job', status: 'saved', n: 0 });

    const moves = await Promise.all(Array.from({ length: 20 }, (_, i) => docs.updateOne({ _id: 'job', status: 'saved' }, { $set: { status: `moved-${i}` } })));
    await Promise.all(Array.from({ length: 50 }, () => docs.findOneAndUpdate({ _id: 'job' }, { $inc: { n: 1 } })));
    await Promise.all(Array.from({ length: 50 }, () => docs.updateOne({ _id: 'job' }, { $inc: { n: 1 } })));

    expect(moves.filter((move) => move.matchedCount === 1)).toHaveLength(1);
    expect(await docs.findOne({ _id: 'job' })).toMatchObject({ n: 100 });
  });

  test('when the same _id is inserted twice, then the second insert is refused (claims rely on it)', async () => {
    const claims = client.db('lookup').collection<{ _id: string }>('claims');
    await claims.insertOne({ _id: 'r1#1' });

    await expect(claims.insertOne({ _id: 'r1#1' })).rejects.toMatchObject({ code: 11000 });
  });

  test('when writes are acknowledged, then their log is synced on the 100 ms tick, not at each commit, and a log left idle is not synced again (strace)', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const docs = client.db('durability').collection<{ _id: number }>('docs');
    await docs.insertOne({ _id: 0 }); // the database and its log exist before tracing starts
    const trace = path.join(dataDir, 'fsync.trace');
    const strace = spawn('strace', ['-f', '-y', '-ttt', '-e', 'trace=fsync,fdatasync', '-o', trace, '-p', String(database.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<string>((resolve) => {
      strace.once('error', (error) => resolve(`strace could not run: ${error.message}`));
      strace.once('exit', (code) => resolve(`strace exited (${code}) before attaching`));
    });
    const attached = new Promise<string>((resolve) => createInterface({ input: strace.stderr! }).on('line', (line) => /attached/.test(line) && resolve('attached')));
    /** When the database's log was synced, in seconds since the epoch. */
    const walSyncs = () =>
      (fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8') : '')
        .split('\n')
        .filter((line) => line.includes('durability.sqlite-wal>'))
        .map((line) => Number(line.trim().split(/\s+/)[1]));
    try {
      expect(await Promise.race([attached, exited, sleep(10_000).then(() => 'strace did not attach within 10 s')])).toBe('attached');
      await sleep(300); // the insert before tracing has had its sync
      const before = walSyncs().length;
      const started = Date.now() / 1000;

      const inserts = 100;
      for (let n = 1; n <= inserts; n++) await docs.insertOne({ _id: n });
      const acknowledged = Date.now() / 1000;
      const deadline = Date.now() + 2_000;
      while (!walSyncs().some((at) => at >= acknowledged) && Date.now() < deadline) await sleep(20);
      const firstAfter = walSyncs().find((at) => at >= acknowledged);
      expect(firstAfter).toBeDefined();
      expect(firstAfter! - acknowledged).toBeLessThan(0.5);
      // At most one sync per tick while the inserts ran (one per commit would be at least 100).
      expect(walSyncs().slice(before).filter((at) => at <= firstAfter!).length).toBeLessThanOrEqual(Math.ceil((firstAfter! - started) * 10) + 2);

      await sleep(600); // six ticks with nothing written
      expect(walSyncs().filter((at) => at > firstAfter!).length).toBeLessThanOrEqual(2);
    } finally {
      strace.kill('SIGINT');
      await exited;
    }
    expect(await docs.countDocuments()).toBe(101);
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
