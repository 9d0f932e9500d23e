import fs from 'node:fs';
import path from 'node:path';

/**
 * The tab's page: `web/tab/main.ts` (with its stylesheet) bundled by esbuild into `app.js` + `app.css`, beside
 * `index.html`. `npm run build:tab` writes them to `dist/tab/` (production serves those); local mode builds them
 * in memory on the first request, from the sources as they are.
 */

/** The files of the built page, by name. */
export type TabAssets = ReadonlyMap<string, Buffer>;

/** Where the page's sources are, relative to the project root. */
export const TAB_SOURCE_DIR = path.join('web', 'tab');
/** Where `npm run build:tab` writes the page, relative to the project root. */
export const TAB_BUILD_DIR = path.join('dist', 'tab');
/** The built page's files. */
export const TAB_FILES = ['index.html', 'app.js', 'app.css'] as const;

/** The project's root: the nearest folder above this file with the package.json (from src/ under tsx, or dist/src/). */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, TAB_SOURCE_DIR))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** Bundles the page with esbuild (minified, for the browsers Teams runs in); writes it to `outdir` when given. */
export async function buildTabAssets(root: string, options: { outdir?: string } = {}): Promise<TabAssets> {
  // esbuild is a development dependency: only the build script and local mode load it.
  const esbuild = await import('esbuild');
  const source = path.join(root, TAB_SOURCE_DIR);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { app: path.join(source, 'main.ts') },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'edge100', 'safari15'],
    legalComments: 'none',
    outdir: path.join(root, TAB_BUILD_DIR),
    write: false,
    logLevel: 'silent',
  });
  const assets = new Map<string, Buffer>([['index.html', fs.readFileSync(path.join(source, 'index.html'))]]);
  for (const file of result.outputFiles) assets.set(path.basename(file.path), Buffer.from(file.contents));
  for (const name of TAB_FILES) if (!assets.has(name)) throw new Error(`the tab build made no ${name}`);
  if (options.outdir) {
    fs.mkdirSync(options.outdir, { recursive: true });
    for (const [name, body] of assets) fs.writeFileSync(path.join(options.outdir, name), body);
  }
  return assets;
}

/** The page as `npm run build:tab` left it; undefined when it was not built. */
export function readBuiltTabAssets(dir: string): TabAssets | undefined {
  if (!TAB_FILES.every((name) => fs.existsSync(path.join(dir, name)))) return undefined;
  return new Map(TAB_FILES.map((name) => [name, fs.readFileSync(path.join(dir, name))]));
}
