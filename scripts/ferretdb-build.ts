import { loadConfig } from '../src/config';
import { ensureFerretDbBinary } from '../src/db/ferretdb';
import { createLogger } from '../src/logger';

/** Builds (or finds) the embedded database's binary, so the first `npm start` or `npm test` does not wait for it. */
async function main(): Promise<void> {
  const config = loadConfig();
  const binary = await ensureFerretDbBinary(config.cacheDir, createLogger('info'));
  console.log(`FerretDB ready: ${binary}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
