/**
 * How fast the offline summarizer is: summaries per second on one core (one Node thread, no I/O), per fixture and over
 * all capture fixtures that hold a posting.
 *
 *   npx tsx bench/summary.ts [--rounds 3 --round-ms 200 --warmup-ms 200]
 *
 * Postings are extracted once, outside the timing; only `summarizeOffline` is measured. Goal: ≥ 500 summaries/s over
 * the mixed set. Not a test: nothing here fails on a number.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExtractedPosting } from '../src/postings/posting';
import { summarizeOffline } from '../src/summary/offlineSummarizer';
import { fixturePosting } from '../test/summary/fixturePostings';
import { formatTable } from './lib/table';
import { measureThroughput } from './lib/timing';

const FIXTURES = path.resolve(__dirname, '../test/fixtures/postings');
const GOAL_PER_SECOND = 500;

interface Fixture {
  file: string;
  posting: ExtractedPosting;
}

/** Every capture fixture with a posting in it; walls, listings and too-short texts have nothing to summarise. */
function loadFixtures(): { fixtures: Fixture[]; skipped: string[] } {
  const fixtures: Fixture[] = [];
  const skipped: string[] = [];
  for (const file of readdirSync(FIXTURES).filter((f) => /\.(html|json|xml|txt)$/.test(f)).sort()) {
    try {
      fixtures.push({ file, posting: fixturePosting(file) });
    } catch (error) {
      skipped.push(`${file} (${(error as Error).message.replace(`${file}: `, '')})`);
    }
  }
  return { fixtures, skipped };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '3' }, 'round-ms': { type: 'string', default: '200' }, 'warmup-ms': { type: 'string', default: '200' } },
  });
  const timing = { rounds: Number(values.rounds), roundMs: Number(values['round-ms']), warmupMs: Number(values['warmup-ms']) };
  const { fixtures, skipped } = loadFixtures();

  // Postings without a description (ATS list entries) summarise in microseconds; the second mix leaves them out.
  const withText = fixtures.filter((f) => (f.posting.description ?? '').length > 0);
  const [mixed, textOnly, ...each] = await measureThroughput([
    { name: 'all fixtures', items: fixtures.length, pass: () => fixtures.map((f) => summarizeOffline(f.posting)) },
    { name: 'with a description', items: withText.length, pass: () => withText.map((f) => summarizeOffline(f.posting)) },
    ...fixtures.map((f) => ({ name: f.file, items: 1, pass: () => summarizeOffline(f.posting) })),
  ], timing);

  const perSecond = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`\nOffline summaries, one core (${fixtures.length} postings; median of ${timing.rounds} rounds after ${timing.warmupMs} ms warm-up)\n`);
  console.log(formatTable({
    headers: ['fixture', 'description chars', 'summaries/s', 'ms/summary'],
    align: ['left', 'right', 'right', 'right'],
    rows: [
      ...each.map((t, i) => [t.name, String((fixtures[i].posting.description ?? '').length), perSecond(t.itemsPerSecond), (1000 / t.itemsPerSecond).toFixed(3)]),
      [`all ${fixtures.length} fixtures, mixed`, '', perSecond(mixed.itemsPerSecond), (1000 / mixed.itemsPerSecond).toFixed(3)],
      [`the ${withText.length} with a description, mixed`, '', perSecond(textOnly.itemsPerSecond), (1000 / textOnly.itemsPerSecond).toFixed(3)],
    ],
  }));
  console.log(`\nSkipped (no posting): ${skipped.join(', ') || 'none'}`);
  const slowest = Math.min(...each.map((t) => t.itemsPerSecond));
  const met = (n: number): string => (n >= GOAL_PER_SECOND ? 'met' : 'NOT met');
  console.log(`Goal ≥ ${GOAL_PER_SECOND} summaries/s: all fixtures ${met(mixed.itemsPerSecond)} (${perSecond(mixed.itemsPerSecond)}/s); `
    + `with a description ${met(textOnly.itemsPerSecond)} (${perSecond(textOnly.itemsPerSecond)}/s); slowest single posting ${met(slowest)} (${perSecond(slowest)}/s).`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
