import { randomBytes } from 'node:crypto';
import type { Db, MongoClient } from 'mongodb';
import { connect } from '../../src/db/mongo';

/** A database of its own for one suite, on the run's shared server. */
export interface TestDatabase {
  uri: string;
  name: string;
  client: MongoClient;
  db: Db;
  /** Drops the database and closes the client. */
  dispose(): Promise<void>;
}

/** The URI of the run's database server (set by globalSetup). */
export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest, whose globalSetup starts the database');
  return uri;
}

/** A fresh, uniquely named database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const uri = testDatabaseUri();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = await connect(uri);
  const db = client.db(name);
  return {
    uri,
    name,
    client,
    db,
    async dispose() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
