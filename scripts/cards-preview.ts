import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { cardSamples } from '../test/support/cardSamples';
import { CHROMIUM_ARGS } from './playground/driver';

/**
 * `npm run cards:preview`: renders every card sample (test/support/cardSamples.ts) with the
 * `adaptivecards` HTML renderer in Debian's Chromium, Teams-like, and writes one PNG per card to
 * test-output/cards/ (plus one per expandable "show card" button, and an index.html to browse them).
 * Nothing is downloaded: the page is built in memory and every network request is aborted.
 *
 * Options: --width=<px> card width (default 440, about a Teams desktop chat card), --only=<text> samples whose name contains it.
 */

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'test-output', 'cards');
const CHROMIUM = '/usr/bin/chromium';
const AC_BUNDLE = require.resolve('adaptivecards/dist/adaptivecards.min.js');
const PAGE_SCRIPT = path.join(__dirname, 'cards-preview', 'page.js');
const PAGE_STYLE = path.join(__dirname, 'cards-preview', 'teams.css');

/** What the page reports about one rendered card. */
interface Findings {
  name: string;
  warnings: string[];
  links: Array<{ text: string; href: string }>;
  htmlFromData: string[];
  overflow: string[];
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with "apt-get update && apt-get install -y chromium"`);
  const width = Number(option('width') ?? 440);
  const only = option('only');
  const samples = cardSamples
    .filter((s) => !only || s.name.includes(only))
    .map((s) => {
      try {
        return { name: s.name, hostile: s.hostile, card: s.card };
      } catch (error) {
        return { name: s.name, hostile: s.hostile, error: error instanceof Error ? error.message : String(error) };
      }
    });

  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const file of fs.readdirSync(OUT_DIR)) if (file.endsWith('.png') || file === 'index.html') fs.rmSync(path.join(OUT_DIR, file));

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
  const written: string[] = [];
  const pageErrors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: width + 64, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      pageErrors.push(`a dialog opened (script from data ran?): ${dialog.message()}`);
      void dialog.dismiss();
    });
    // The page needs nothing from the network; a request would mean data turned into a fetch (an image, a font).
    await page.route('**/*', (route) => {
      pageErrors.push(`request blocked: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>:root{--card-width:${width}px}</style></head><body><main id="cards"></main></body></html>`);
    await page.addStyleTag({ path: PAGE_STYLE });
    await page.addScriptTag({ path: AC_BUNDLE });
    await page.addScriptTag({ path: PAGE_SCRIPT });
    const findings = (await page.evaluate((payload) => (window as unknown as { renderSamples(s: unknown): unknown }).renderSamples(payload), samples)) as Findings[];
    await page.evaluate(() => document.fonts.ready);

    const shoot = async (name: string, file: string) => {
      await page.locator(`#sample-${name}`).screenshot({ path: path.join(OUT_DIR, file) });
      written.push(file);
    };
    for (const sample of samples) {
      await shoot(sample.name, `${sample.name}.png`);
      if (sample.hostile || 'error' in sample) continue;
      // Each "show card" button (Add note, Remove…) opened, one at a time.
      const buttons = page.locator(`#sample-${sample.name} .ac-pushButton[aria-expanded]`);
      for (let i = 0; i < (await buttons.count()); i++) {
        const button = buttons.nth(i);
        const title = (await button.getAttribute('aria-label')) ?? (await button.innerText());
        await button.click();
        await shoot(sample.name, `${sample.name}--${slug(title)}.png`);
        await button.click();
      }
    }
    const toggles = (await page.evaluate(() => (window as unknown as { checkTogglesInClickableRows(): unknown }).checkTogglesInClickableRows())) as Array<{
      name: string;
      checked: boolean;
      fired: Array<{ verb?: string; title?: string }>;
    }>;

    fs.writeFileSync(path.join(OUT_DIR, 'index.html'), contactSheet(written));
    console.log(`Wrote ${written.length} PNGs to ${path.relative(ROOT, OUT_DIR)}/ (open index.html to see them all):`);
    for (const file of written) console.log(`  ${file}`);
    report(findings, toggles, pageErrors);
  } finally {
    await browser.close();
  }
}

/** Prints what a reviewer should look at besides the pictures. */
function report(findings: Findings[], toggles: Array<{ name: string; checked: boolean; fired: Array<{ verb?: string; title?: string }> }>, pageErrors: string[]): void {
  const lines: string[] = [];
  for (const f of findings) {
    for (const w of f.warnings) lines.push(`${f.name}: ${w}`);
    for (const l of f.links) lines.push(`${f.name}: markdown link in text: "${l.text}" → ${l.href}`);
    for (const h of f.htmlFromData) lines.push(`${f.name}: HTML element from data: ${h}`);
    if (f.overflow.length > 0) lines.push(`${f.name}: ${f.overflow.length} element(s) wider than their box, e.g. ${f.overflow.slice(0, 3).join('; ')}`);
  }
  for (const t of toggles) {
    if (t.fired.length > 0) lines.push(`${t.name}: ticking a row's checkbox also ran the row's action (${t.fired.map((a) => a.verb ?? a.title).join(', ')})`);
  }
  for (const e of pageErrors) lines.push(`page: ${e}`);
  console.log(lines.length === 0 ? 'No findings.' : `Findings (${lines.length}):\n${lines.map((l) => `  - ${l}`).join('\n')}`);
}

function contactSheet(files: readonly string[]): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const figures = files.map((f) => `<figure><img src="${escape(f)}" alt="${escape(f)}"><figcaption>${escape(f)}</figcaption></figure>`).join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Card previews</title><style>body{font:13px sans-serif;background:#eee}figure{display:inline-block;vertical-align:top;margin:8px}figcaption{font-family:monospace}</style>\n${figures}\n`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
