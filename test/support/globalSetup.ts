import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary, startFerretDb, type EmbeddedDatabase } from '../../src/db/ferretdb';
import { createLogger } from '../../src/logger';

/**
 * One database server per test run: MONGODB_URI when set (a real MongoDB, Atlas, Cosmos DB),
 * otherwise the embedded FerretDB with its data in a temporary folder. Suites get their own database names.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const log = createLogger('info');
  const binary = await ensureFerretDbBinary(path.resolve('.cache'), log);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobtracker-test-db-'));
  const database = await startFerretDb({ binary, dataDir, log: createLogger('warn') });
  process.env.TEST_MONGODB_URI = database.uri;
  (globalThis as { __testDatabase?: { database: EmbeddedDatabase; dataDir: string } }).__testDatabase = { database, dataDir };
}
