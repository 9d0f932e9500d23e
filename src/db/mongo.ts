import { MongoClient, MongoServerError, type Db } from 'mongodb';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { ensureFerretDbBinary, startFerretDb, type EmbeddedDatabase } from './ferretdb';

/** An open database, and how to close it (and the embedded server, when one was started). */
export interface Database {
  client: MongoClient;
  db: Db;
  /** `embedded` when the project started its own FerretDB. */
  kind: 'embedded' | 'external';
  close(): Promise<void>;
}

/** Connects to MONGODB_URI, or starts the embedded FerretDB when none is set (local mode only). */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.database.uri;
  if (!uri) {
    const binary = await ensureFerretDbBinary(config.cacheDir, log);
    embedded = await startFerretDb({ binary, dataDir: config.database.dataDir, log });
    uri = embedded.uri;
  }
  const client = await connect(uri);
  return {
    client,
    db: client.db(config.database.name),
    kind: embedded ? 'embedded' : 'external',
    async close() {
      await client.close();
      await embedded?.stop();
    },
  };
}

/** Opens a client and proves the server answers before anyone uses it. */
export async function connect(uri: string): Promise<MongoClient> {
  // Short selection timeout: a user waiting on a turn should get "try again" quickly, not hang.
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000, appName: 'job-tracker' });
  await client.connect();
  await client.db('admin').command({ ping: 1 });
  return client;
}

/** True when a write failed because a document with the same `_id` or unique key exists. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/**
 * Runs an upsert, and once more if it lost a race: FerretDB applies upserts as read-then-insert, so
 * two at once on a new `_id` make one fail with a duplicate key; the second try finds the document.
 */
export async function upsertWithRetry<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return upsert();
  }
}

/** Whether the server answers a ping now. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.command({ ping: 1 }, { timeoutMS: 1000 });
    return true;
  } catch {
    return false; // the health endpoint reports the state; the cause is logged by the failing turns
  }
}
