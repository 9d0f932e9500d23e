/**
 * Starts the embedded database, prints `{"pid": <server pid>}` and waits to be killed: the test sends it
 * SIGKILL to show the server does not outlive it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary, startFerretDb } from '../../../src/db/ferretdb';
import { createLogger } from '../../../src/logger';

async function main(): Promise<void> {
  const log = createLogger('silent');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobtracker-held-db-'));
  const database = await startFerretDb({ binary: await ensureFerretDbBinary(path.resolve('.cache'), log), dataDir, log });
  process.stdout.write(`${JSON.stringify({ pid: database.pid, dataDir })}\n`);
  setInterval(() => undefined, 60_000);
}

void main();
