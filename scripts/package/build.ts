import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { readEnvFiles } from './envFile';
import { PackageError } from './errors';
import { renderTemplate } from './manifest';
import { schemaErrors } from './schema';

/**
 * Builds the Teams app package: the manifest template with an environment's values filled in,
 * checked against the official schema, zipped with its two icons at the zip's root.
 */

/** The repository root, where `appPackage/` and `env/` are. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** What to build from and where to write it. */
export interface BuildOptions {
  /** Environment name: names the outputs (`appPackage.<env>.zip`) and, for `packageEnvironment`, the env files. */
  env: string;
  /** Values for the template's placeholders. */
  values: Record<string, string>;
  /** Where the values came from, for error messages. */
  sources?: string[];
  /** Folder holding `manifest.json` and the icons; `appPackage/` by default. */
  appPackageDir?: string;
  /** Output folder; `appPackage/build/` by default. */
  outDir?: string;
}

/** A built package. */
export interface BuiltPackage {
  zipPath: string;
  manifestPath: string;
  manifest: Record<string, unknown> & { manifestVersion: string };
}

// A fixed timestamp keeps the zip byte-for-byte the same for the same inputs.
const ZIP_MTIME = new Date(2025, 0, 1, 0, 0, 0);

/** Renders, validates and writes `appPackage.<env>.zip` and `manifest.<env>.json`. Writes nothing when it fails. */
export async function buildAppPackage(options: BuildOptions): Promise<BuiltPackage> {
  const appPackageDir = options.appPackageDir ?? path.join(ROOT, 'appPackage');
  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  const templatePath = path.join(appPackageDir, 'manifest.json');
  const template = JSON.parse(fs.readFileSync(templatePath, 'utf8')) as BuiltPackage['manifest'];

  const manifest = renderTemplate(template, options.values, { env: options.env, files: options.sources ?? [`env/.env.${options.env}`] });
  const violations = schemaErrors(manifest);
  if (violations.length > 0) {
    throw new PackageError(`The manifest for "${options.env}" breaks the Teams manifest schema v${manifest.manifestVersion}:\n${violations.map((v) => `  ${v}`).join('\n')}`);
  }

  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const files: Array<[string, Buffer]> = [['manifest.json', Buffer.from(manifestJson)]];
  for (const icon of iconFiles(manifest)) {
    const iconPath = path.join(appPackageDir, icon);
    if (!fs.existsSync(iconPath)) throw new PackageError(`The manifest names the icon ${icon}, but ${iconPath} does not exist (npx tsx scripts/icons.ts draws them).`);
    files.push([icon, fs.readFileSync(iconPath)]);
  }

  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${options.env}.zip`);
  const manifestPath = path.join(outDir, `manifest.${options.env}.json`);
  await writeZip(zipPath, files);
  fs.writeFileSync(manifestPath, manifestJson);
  return { zipPath, manifestPath, manifest };
}

/** Reads `env/.env.<env>` (and its `.user` file) and builds that environment's package. */
export async function packageEnvironment(env: string, dirs: { envDir?: string; outDir?: string; appPackageDir?: string } = {}): Promise<BuiltPackage> {
  const envDir = dirs.envDir ?? path.join(ROOT, 'env');
  const { values, files } = readEnvFiles(envDir, env);
  return buildAppPackage({ env, values, sources: files.map(displayPath), outDir: dirs.outDir, appPackageDir: dirs.appPackageDir });
}

/** A path as a person would type it here: relative below the working directory, absolute elsewhere. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** The icon files a manifest names; they go into the zip beside it. Only plain names: Teams wants them at the root. */
function iconFiles(manifest: Record<string, unknown>): string[] {
  const icons = (manifest.icons ?? {}) as Record<string, unknown>;
  const names = Object.values(icons).filter((value): value is string => typeof value === 'string');
  for (const name of names) {
    if (path.basename(name) !== name) throw new PackageError(`Icon "${name}" must be a file name at the package root, without folders.`);
  }
  return [...new Set(names)];
}

/** Writes a zip with the given entries (deflated, fixed timestamps) via a temporary file, so a failure leaves no half-written zip. */
async function writeZip(target: string, files: Array<[string, Buffer]>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of files) zip.addBuffer(data, name, { mtime: ZIP_MTIME, mode: 0o100644, compress: true, forceDosTimestamp: true });
  zip.end();
  const partial = `${target}.partial`;
  try {
    await pipeline(zip.outputStream, fs.createWriteStream(partial));
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}
