import path from 'node:path';
import { displayPath, packageEnvironment } from './package/build';
import { PackageError } from './package/errors';

/**
 * `npm run package -- [--env local|dev|prod]` (default `dev`): builds the Teams app package from
 * `appPackage/manifest.json` and the values in `env/.env.<env>` (and `env/.env.<env>.user`), into
 * `appPackage/build/appPackage.<env>.zip` and `appPackage/build/manifest.<env>.json`.
 * `--env-dir` and `--out-dir` point elsewhere (tests, CI).
 */

const USAGE = 'usage: npm run package -- [--env <name>] [--env-dir <folder>] [--out-dir <folder>]   (default --env dev)';

interface Arguments {
  env: string;
  envDir?: string;
  outDir?: string;
}

function parseArguments(argv: string[]): Arguments | 'help' {
  const options: Arguments = { env: 'dev' };
  const keys = { '--env': 'env', '--env-dir': 'envDir', '--out-dir': 'outDir' } as const;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(flag in keys)) throw new PackageError(`Unknown argument "${arg}".\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (!value) throw new PackageError(`${flag} needs a value.\n${USAGE}`);
    options[keys[flag as keyof typeof keys]] = value;
  }
  return options;
}

/** Runs the command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const options = parseArguments(argv);
    if (options === 'help') {
      console.log(USAGE);
      return 0;
    }
    const built = await packageEnvironment(options.env, {
      envDir: options.envDir && path.resolve(options.envDir),
      outDir: options.outDir && path.resolve(options.outDir),
    });
    console.log(`Teams app package for "${options.env}" (manifest ${built.manifest.manifestVersion}, schema-valid):`);
    console.log(`  ${displayPath(built.zipPath)}`);
    console.log(`  ${displayPath(built.manifestPath)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
