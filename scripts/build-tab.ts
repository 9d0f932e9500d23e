import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildTabAssets, projectRoot, TAB_BUILD_DIR } from '../src/tab/bundle';

/**
 * Builds the dashboard tab's page into dist/tab/ (what production serves at /tab) and reports its size.
 * Fails when the page (script + stylesheet + HTML) is over its budget of 150 KB gzipped.
 */

/** Gzipped bytes the whole page may take. */
const BUDGET_GZIP_BYTES = 150 * 1024;

async function main(): Promise<void> {
  const root = projectRoot(path.join(__dirname, '..', 'src', 'tab'));
  const outdir = path.join(root, TAB_BUILD_DIR);
  const assets = await buildTabAssets(root, { outdir });
  let raw = 0;
  let gzipped = 0;
  for (const [name, body] of assets) {
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzipped += zipped;
    console.log(`${name.padEnd(12)} ${kb(body.length).padStart(10)} raw ${kb(zipped).padStart(10)} gzipped`);
  }
  console.log(`${'total'.padEnd(12)} ${kb(raw).padStart(10)} raw ${kb(gzipped).padStart(10)} gzipped  (budget ${kb(BUDGET_GZIP_BYTES)}) → ${path.relative(root, outdir)}/`);
  if (gzipped > BUDGET_GZIP_BYTES) {
    console.error(`The tab page is over its budget: ${kb(gzipped)} gzipped.`);
    process.exit(1);
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
