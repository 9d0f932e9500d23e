import fs from 'node:fs';
import path from 'node:path';
import { PackageError } from './errors';

/**
 * Reads the Teams Toolkit env files (`env/.env.<name>`, then `env/.env.<name>.user`) into a plain
 * object. Only parses: nothing here reads or writes `process.env`, so packaging cannot change the
 * settings of any other code running in the same process.
 */

/** Values read from an environment's files, and which files they came from. */
export interface EnvValues {
  values: Record<string, string>;
  files: string[];
}

/** Environment names are file-name parts: letters, digits, `-` and `_` only. */
export const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/;

/** Parses `KEY=value` lines; `#` starts a comment line; `export ` and matching outer quotes are dropped. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = line.match(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/);
    if (!match) continue;
    let value = match[2];
    const quoted = value.match(/^(['"])(.*)\1$/);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    values[match[1]] = value;
  }
  return values;
}

/** Reads `.env.<name>` (which must exist) and `.env.<name>.user` (optional, wins on conflicts) from `envDir`. */
export function readEnvFiles(envDir: string, name: string): EnvValues {
  if (!ENV_NAME.test(name)) throw new PackageError(`"${name}" is not an environment name (letters, digits, - and _ only).`);
  const main = path.join(envDir, `.env.${name}`);
  if (!fs.existsSync(main)) {
    const known = fs.existsSync(envDir)
      ? fs.readdirSync(envDir).filter((file) => /^\.env\.[^.]+$/.test(file) && file !== '.env.example').map((file) => file.slice(5))
      : [];
    throw new PackageError(`No env file ${main}.${known.length ? ` Environments here: ${known.join(', ')}.` : ''}`);
  }
  const files = [main];
  const user = `${main}.user`;
  if (fs.existsSync(user)) files.push(user);
  const values: Record<string, string> = {};
  for (const file of files) Object.assign(values, parseEnvFile(fs.readFileSync(file, 'utf8')));
  return { values, files };
}
