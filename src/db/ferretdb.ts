import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Logger } from '../logger';

/**
 * The embedded MongoDB-wire server for local runs and tests: FerretDB with its SQLite backend,
 * built once from the Go module proxy with the machine's Go and cached.
 */

const MODULE = 'github.com/FerretDB/FerretDB';
/** The FerretDB release the project builds. */
export const FERRETDB_VERSION = 'v1.24.2';

/**
 * Six changes are made to FerretDB before building it. The first four only make commands cheaper or faster;
 * the fifth makes updates atomic, as they are on MongoDB; the sixth syncs commits to disk as MongoDB's journal
 * does.
 *
 * 1. It looked a document up by `_ferretdb_sjson->'$._id'`, while the unique `_id` index it creates is on
 *    `_ferretdb_sjson->"_id"`; SQLite does not take the two for the same expression, so every lookup by `_id`
 *    read the whole table. Both read the same field: written the index's way, the lookup is an index search.
 * 2. It handed SQLite a filter only when the filter was exactly `{_id: …}`, and otherwise decoded every
 *    document of the collection to match it in Go (about 0.16 ms a document here: 650 ms for a user's list
 *    among 4,000 jobs). `ferretdb-patches/pushdown.go` also hands down `_id` in a list and top-level
 *    equalities on strings, written on the expressions FerretDB indexes, so SQLite searches the collection's
 *    indexes; the condition may match more (arrays pass) and FerretDB filters what comes back again.
 *    A find sorted by one field is ordered by SQLite, in MongoDB's order of types and values, so FerretDB
 *    stops decoding once it has skipped and limited (a page of a user's list read 200 jobs, now 10).
 *    A count (the drivers' countDocuments) of top-level string equalities is counted by SQLite alone, with
 *    a condition that matches exactly what MongoDB matches (`ferretdb-patches/count.go`).
 *    Indexes also hold the types of their fields (`ferretdb-patches/typed_index.go`), so the type checks that
 *    make a count or a sort exact are answered from the index instead of parsing every document's JSON; and a
 *    find sorted by a date reads an index in order and stops at its limit. A user's page of 10 among 200
 *    jobs and its count went from about 1 ms of SQLite each to 0.05 ms.
 * 3. Every iterator, cursor and connection it opened was registered in a pprof profile with its stack, a
 *    leak check for FerretDB's own development that cost 15% of its CPU on a lookup by `_id`. It is off.
 * 4. Writing transactions waited for each other in SQLite's busy handler, which sleeps 1 to 100 ms between
 *    tries: with 20 users clicking, a status change took up to 1.3 s. They now queue on a mutex and each
 *    starts as soon as the one before it ends.
 * 5. An update read its documents, changed them in Go and wrote them back, so two updates of one document at
 *    once could both match and the later undo the earlier. Updates and findAndModify now run one at a time
 *    (`ferretdb-patches/updates.go`), so a filtered update is a compare-and-set, as on MongoDB.
 * 6. SQLite synced its write-ahead log at every commit, and a status change (two commits) spent a quarter of
 *    FerretDB's CPU in commit and sync. It now runs with synchronous=NORMAL, and the pool syncs each log that
 *    was written every 100 ms (`ferretdb-patches/walsync.go`), the journal commit interval of a standalone
 *    MongoDB: an acknowledged write is in the log before the answer, so it survives a crash of FerretDB or of
 *    the bot; a crash of the machine may lose about the last 100 ms of writes, as on a standalone MongoDB
 *    with its default write concern (a replica set's majority writes are journaled before they are
 *    acknowledged). The log is copied into the database (a checkpoint, a fifth of FerretDB's CPU in a status
 *    change) every 40 MB of it instead of 4 MB, so a page written many times in between is copied once; the
 *    commit that crosses the 40 MB waits for the copy.
 */
const PATCH_DIR = path.join(__dirname, 'ferretdb-patches');
/** util-linux's `setpriv` with `--pdeathsig` (2.33 and later), which Debian and most Linux systems have. */
const HAS_SETPRIV = process.platform === 'linux' && spawnSync('setpriv', ['--pdeathsig', 'SIGTERM', '--', 'true']).status === 0;
/** A replacement in one file of FerretDB's source. */
interface SourceEdit {
  file: string;
  from: string;
  to: string;
}

/** Puts `lines` first in a function, after its `opening` lines. */
function firstIn(file: string, opening: string, lines: string): SourceEdit {
  return { file, from: `${opening}\n`, to: `${opening}\n${lines}` };
}
/** Lines that hold `mutex` until the function returns. */
const LOCKED = (mutex: string) => `\t${mutex}.Lock()\n\tdefer ${mutex}.Unlock()\n\n`;
/** Lines that return at once while lifetime tracking is off. */
const UNLESS_TRACKING = `\n\tif !trackLifetimes {\n\t\treturn\n\t}\n`;

const SOURCE_EDITS: SourceEdit[] = [
  {
    file: 'internal/util/fsql/db.go',
    from: `	"log/slog"
	"time"
`,
    to: `	"log/slog"
	"sync"
	"time"
`,
  },
  {
    file: 'internal/util/fsql/db.go',
    from: `	sqlDB     *sql.DB
`,
    to: `	sqlDB     *sql.DB
	writes    sync.Mutex // one writing transaction at a time, woken in turn (Job Tracker for Teams' build)
`,
  },
  firstIn('internal/util/fsql/db.go', 'func (db *DB) InTransaction(ctx context.Context, f func(*Tx) error) (err error) {', LOCKED('db.writes')),
  {
    file: 'internal/util/resource/resource.go',
    from: `var profilesM sync.Mutex
`,
    to: `var profilesM sync.Mutex

// trackLifetimes is off in Job Tracker for Teams' build: tracking costs a stack trace per object.
const trackLifetimes = false
`,
  },
  firstIn('internal/util/resource/resource.go', 'func Track(obj any, token *Token) {\n\tcheckArgs(obj, token)', UNLESS_TRACKING),
  firstIn('internal/util/resource/resource.go', 'func Untrack(obj any, token *Token) {\n\tcheckArgs(obj, token)', UNLESS_TRACKING),
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
  },
  {
    file: 'internal/backends/sqlite/metadata/registry.go',
    from: `		q = fmt.Sprintf(
			q,
			c.TableName+"_"+index.Name,`,
    to: `		columns = append(columns, typeColumns(index)...)

		q = fmt.Sprintf(
			q,
			c.TableName+"_"+index.Name,`,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: `	var whereClause string
	var args []any

	// that logic should exist in one place
	// TODO https://github.com/FerretDB/FerretDB/issues/3235
	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}

	q += whereClause
	q += prepareOrderByClause(params.Sort)
`,
    to: `	var arrayFree map[string]bool
	if params.OnlyCount || params.OrderBy.Len() > 0 {
		var err error
		if arrayFree, err = arrayFreeFields(ctx, db, meta.TableName, meta.Settings.Indexes, params.Filter); err != nil {
			return nil, lazyerrors.Error(err)
		}
	}

	if params.OnlyCount && !meta.Capped() {
		n, counted, err := countExactly(ctx, db, meta.TableName, params.Filter, arrayFree)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		if counted {
			return &backends.QueryResult{Iter: newQueryIterator(ctx, nil, params.OnlyRecordIDs), Counted: true, Count: n}, nil
		}
	}

	whereClause, args, _ := prepareWhereClause(params.Filter, arrayFree)

	q += whereClause
	q += prepareOrderByClause(params.Sort)

	sorted := false
	if !meta.Capped() && params.Sort.Len() == 0 {
		orderBy, ok, err := prepareSortedOrderBy(ctx, db, meta.TableName, whereClause, args, params.OrderBy)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}
		q, sorted = q+orderBy, ok
	}
`,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: `	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	return &backends.QueryResult{
		Iter: newQueryIterator(ctx, rows, params.OnlyRecordIDs),
	}, nil
}`,
    to: `	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	return &backends.QueryResult{
		Iter:   newQueryIterator(ctx, rows, params.OnlyRecordIDs),
		Sorted: sorted,
	}, nil
}`,
  },
  {
    file: 'internal/backends/collection.go',
    from: `type QueryParams struct {
	Filter *types.Document
	Sort   *types.Document
	Limit  int64
`,
    to: `type QueryParams struct {
	Filter *types.Document
	Sort   *types.Document
	Limit  int64

	// OrderBy is the find command's sort, which the backend may apply (Job Tracker for Teams' build).
	OrderBy *types.Document
	// OnlyCount asks for the number of matching documents alone, which the backend may give in QueryResult.Count.
	OnlyCount bool
`,
  },
  {
    file: 'internal/backends/collection.go',
    from: `type QueryResult struct {
	Iter types.DocumentsIterator
}`,
    to: `type QueryResult struct {
	Iter types.DocumentsIterator

	// Sorted reports that the documents come in the order of QueryParams.OrderBy.
	Sorted bool
	// Counted reports that Count is the number of matching documents, and Iter has none.
	Counted bool
	Count   int64
}`,
  },
  firstIn('internal/handler/msg_update.go', 'func (h *Handler) MsgUpdate(connCtx context.Context, msg *wire.OpMsg) (*wire.OpMsg, error) {', LOCKED('readModifyWrite')),
  firstIn('internal/handler/msg_findandmodify.go', 'func (h *Handler) MsgFindAndModify(connCtx context.Context, msg *wire.OpMsg) (*wire.OpMsg, error) {', LOCKED('readModifyWrite')),
  {
    file: 'internal/handler/msg_aggregate.go',
    from: `		iter, err = processStagesDocuments(ctx, closer, &stagesDocumentsParams{c, qp, stagesDocuments})`,
    to: `		iter, err = processCountingStagesDocuments(ctx, closer, &stagesDocumentsParams{c, qp, stagesDocuments}, aggregationStages)`,
  },
  {
    file: 'internal/handler/msg_find.go',
    from: `	// Limit pushdown is not applied if:`,
    to: `	if !h.DisablePushdown && qp.Sort.Len() == 0 && params.Sort.Len() == 1 {
		qp.OrderBy = params.Sort
	}

	// Limit pushdown is not applied if:`,
  },
  {
    file: 'internal/handler/msg_find.go',
    from: `	iter, err := h.makeFindIter(queryRes.Iter, closer, params)`,
    to: `	iterParams := params
	if queryRes.Sorted {
		// The documents come sorted: they are filtered, skipped and limited as they come, and no more are read.
		unsorted := *params
		unsorted.Sort = must.NotFail(types.NewDocument())
		iterParams = &unsorted
	}

	iter, err := h.makeFindIter(queryRes.Iter, closer, iterParams)`,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: `	var filterPushdown bool
	var whereClause string
	var args []any

	// that logic should exist in one place
	// TODO https://github.com/FerretDB/FerretDB/issues/3235
	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			filterPushdown = true
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}
`,
    to: `	whereClause, args, filterPushdown := prepareWhereClause(params.Filter, nil)
`,
  },
  {
    file: 'internal/backends/sqlite/metadata/pool/uri.go',
    from: `	if !autoVacuum {`,
    to: `	// Commits are synced by the pool every walSyncInterval, and the log is copied into the database every
	// 10,000 pages (40 MB) instead of 1,000, so a page written again and again is copied once (Job Tracker for
	// Teams' build).
	values.Add("_pragma", "synchronous(normal)")
	values.Add("_pragma", "wal_autocheckpoint(10000)")

	if !autoVacuum {`,
  },
  {
    file: 'internal/backends/sqlite/metadata/pool/pool.go',
    from: `		p.dbs[name] = db
	}

	return p, p.dbs, nil
`,
    to: `		p.dbs[name] = db
	}

	go p.syncWALs()

	return p, p.dbs, nil
`,
  },
];
/** Files added to FerretDB's source: ours (in PATCH_DIR) and where they go. */
const ADDED_FILES = [
  { file: 'pushdown.go', to: 'internal/backends/sqlite/pushdown.go' },
  { file: 'count.go', to: 'internal/handler/count_pushdown.go' },
  { file: 'updates.go', to: 'internal/handler/updates_whole.go' },
  { file: 'typed_index.go', to: 'internal/backends/sqlite/metadata/typed_index.go' },
  { file: 'walsync.go', to: 'internal/backends/sqlite/metadata/pool/walsync.go' },
];
/** Names the cached build: the release and a digest of the changes made to it (a change to them means a new build). */
function buildId(): string {
  const digest = createHash('sha256').update(JSON.stringify(SOURCE_EDITS));
  for (const added of ADDED_FILES) digest.update(fs.readFileSync(path.join(PATCH_DIR, added.file)));
  return `${FERRETDB_VERSION}-${digest.digest('hex').slice(0, 10)}`;
}

/** A running embedded database. */
export interface EmbeddedDatabase {
  uri: string;
  /** The server's process. */
  pid: number;
  stop(): Promise<void>;
}

/** The database cannot be provided on this machine. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/** Path of the cached FerretDB binary, building it first when it is missing. */
export async function ensureFerretDbBinary(cacheDir: string, log: Logger): Promise<string> {
  const dir = path.join(cacheDir, 'ferretdb', buildId());
  const binary = path.join(dir, 'ferretdb');
  if (fs.existsSync(binary)) return binary;
  assertGoAvailable();
  log.info({ version: FERRETDB_VERSION, dir }, 'building the embedded database (FerretDB) from the Go module proxy: first run only, this takes a few minutes');
  const moduleDir = await downloadModule(log);
  fs.mkdirSync(cacheDir, { recursive: true });
  const src = fs.mkdtempSync(path.join(cacheDir, 'ferretdb-src-'));
  try {
    fs.cpSync(moduleDir, src, { recursive: true });
    makeWritable(src);
    // The release binary panics at start-up without this file, which `git describe` writes in FerretDB's own builds.
    fs.writeFileSync(path.join(src, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
    patchSource(src);
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${binary}.${process.pid}.tmp`;
    await run('go', ['build', '-v', '-trimpath', '-o', partial, './cmd/ferretdb'], src, log, 'compiling');
    fs.renameSync(partial, binary); // atomic, so a concurrent run never sees half a binary
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
  log.info({ binary }, 'embedded database built');
  return binary;
}

/**
 * The command line that runs FerretDB on `port` with its data in `dataDir`. Through `setpriv --pdeathsig`
 * (where there is one) the kernel stops it when the process that started it dies, even by SIGKILL. `env`
 * sets the pace of Go's collector: at its default it took a fifth of FerretDB's CPU, and the memory limit
 * keeps the larger pace bounded.
 */
export function ferretDbCommand(binary: string, dataDir: string, port: number): string[] {
  return [
    ...(HAS_SETPRIV ? ['setpriv', '--pdeathsig', 'SIGTERM', '--'] : []),
    'env',
    'GOGC=200',
    'GOMEMLIMIT=256MiB',
    binary,
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir.endsWith('/') ? dataDir : `${dataDir}/`}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    `--state-dir=${dataDir}`,
    '--log-level=warn',
    '--log-format=json',
  ];
}

/** Starts FerretDB on a free loopback port with its data in `dataDir`, and waits until it answers `ping`. */
export async function startFerretDb(options: { binary: string; dataDir: string; log: Logger }): Promise<EmbeddedDatabase> {
  const { binary, dataDir, log } = options;
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const [command, ...args] = ferretDbCommand(binary, dataDir, port);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    lines.push(line);
    if (lines.length > 50) lines.shift();
    log.debug({ ferretdb: line }, 'ferretdb');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const uri = `mongodb://127.0.0.1:${port}/`;
  const ready = await Promise.race([waitForPing(uri, 30_000), exited.then(() => false)]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new EmbeddedDatabaseError(`FerretDB did not start:\n${lines.join('\n')}`);
  }
  log.info({ port, dataDir }, 'embedded database ready');
  return {
    uri,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function patchSource(src: string): void {
  for (const edit of SOURCE_EDITS) {
    const file = path.join(src, edit.file);
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes(edit.from)) throw new EmbeddedDatabaseError(`FerretDB ${FERRETDB_VERSION}: ${edit.file} is not as expected; a source edit no longer applies`);
    fs.writeFileSync(file, text.replace(edit.from, edit.to));
  }
  for (const added of ADDED_FILES) fs.copyFileSync(path.join(PATCH_DIR, added.file), path.join(src, added.to));
}

function assertGoAvailable(): void {
  const probe = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new EmbeddedDatabaseError(
      'No database: set MONGODB_URI to a MongoDB (Atlas, Cosmos DB, self-hosted), or install Go so the embedded FerretDB can be built.',
    );
  }
}

async function downloadModule(log: Logger): Promise<string> {
  let json = '';
  await run('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], process.cwd(), log, 'downloading', (out) => {
    json += out;
  });
  const info = JSON.parse(json) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new EmbeddedDatabaseError(`go mod download failed: ${info.Error ?? json}`);
  return info.Dir;
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(dir, 0o755);
}

/** Runs a build step, showing its progress so a first run visibly moves. */
function run(command: string, args: string[], cwd: string, log: Logger, verb: string, onStdout?: (chunk: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let count = 0;
    const tail: string[] = [];
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => onStdout?.(chunk));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      count += 1;
      if (count % 25 === 1) log.info({ step: verb, count, at: line.slice(0, 120) }, `ferretdb build: ${verb}`);
    });
    child.once('error', reject);
    // 'close', not 'exit': stdout must be fully read before the JSON is parsed.
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new EmbeddedDatabaseError(`${command} ${args.join(' ')} failed (${code}):\n${tail.join('\n')}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(uri: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 200)); // not listening yet
    } finally {
      await client.close();
    }
  }
  return false;
}
