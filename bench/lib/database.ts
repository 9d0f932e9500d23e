/**
 * The database a benchmark runs against: MONGODB_URI when set (a real MongoDB, Atlas, Cosmos DB), otherwise
 * the embedded FerretDB started here with its data in a temporary folder. A fresh database name each run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import { ensureFerretDbBinary, startFerretDb, type EmbeddedDatabase } from '../../src/db/ferretdb';
import { connect } from '../../src/db/mongo';
import { createLogger } from '../../src/logger';
import { findProcess } from './process';

/** A database for one bench run. */
export interface BenchDatabase {
  uri: string;
  name: string;
  /** `ferretdb` when started here. */
  kind: 'ferretdb' | 'external';
  /** The FerretDB process, for its memory and CPU figures. */
  serverPid?: number;
  client: MongoClient;
  db: Db;
  /** Drops the database (external) or stops the server and removes its data (embedded). */
  dispose(): Promise<void>;
}

/** The pid of a local process listening on the URI's loopback port and naming it on its command line (FerretDB does). */
function loopbackServerPid(uri: string): number | undefined {
  const match = uri.match(/^mongodb:\/\/(127\.0\.0\.1|localhost):(\d+)/);
  return match ? findProcess(`127.0.0.1:${match[2]}`) : undefined;
}

/** Starts (or connects to) the database; `ferretDbBinary` runs another FerretDB build (an experiment) instead of the project's. */
export async function startBenchDatabase(options: { ferretDbBinary?: string } = {}): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const external = process.env.MONGODB_URI;
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let uri = external;
  if (!uri) {
    const binary = options.ferretDbBinary ?? (await ensureFerretDbBinary(path.resolve(__dirname, '../../.cache'), createLogger('info')));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobtracker-bench-db-'));
    try {
      embedded = await startFerretDb({ binary, dataDir, log: createLogger('warn') });
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    uri = embedded.uri;
  }
  let client: MongoClient;
  try {
    client = await connect(uri);
  } catch (error) {
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const db = client.db(name);
  return {
    uri,
    name,
    kind: embedded ? 'ferretdb' : 'external',
    // A FerretDB of our own, or one on this machine's loopback (for its CPU and memory figures).
    serverPid: embedded ? embedded.pid : loopbackServerPid(uri),
    client,
    db,
    async dispose() {
      if (!embedded) await db.dropDatabase().catch(() => undefined);
      await client.close();
      await embedded?.stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
