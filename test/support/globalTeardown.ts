import fs from 'node:fs';
import type { EmbeddedDatabase } from '../../src/db/ferretdb';

/** Stops the embedded database globalSetup started and removes its data. */
export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __testDatabase?: { database: EmbeddedDatabase; dataDir: string } }).__testDatabase;
  if (!started) return;
  await started.database.stop();
  fs.rmSync(started.dataDir, { recursive: true, force: true });
}
