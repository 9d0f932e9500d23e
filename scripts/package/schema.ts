import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PackageError } from './errors';

/**
 * Validates a Teams app manifest against the official JSON schema bundled in `@microsoft/app-manifest`,
 * offline. We read the package's bundled schema files and run ajv ourselves, configured as the
 * package's own `AppManifestUtils.validateAgainstSchema` does, rather than calling that helper: it
 * downloads any schema it does not find locally, and it pulls in an ESM-only dependency (strip-bom 5)
 * that jest's CommonJS runtime cannot load.
 */

/** The folder of `@microsoft/app-manifest`'s bundled Teams manifest schemas (`v1.0` … `vDevPreview`). */
export function bundledSchemasDir(): string {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
}

/** The manifest versions whose schema is bundled, oldest first (`devPreview` left out). */
export function bundledManifestVersions(): string[] {
  return fs
    .readdirSync(bundledSchemasDir())
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map((name) => name.slice(1))
    .sort(compareVersions);
}

/** Compares `1.9` and `1.22` as versions, not as text. */
export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The bundled schema for a manifest version, parsed. */
export function loadBundledSchema(manifestVersion: string): { $schema?: string } & Record<string, unknown> {
  const file = path.join(bundledSchemasDir(), `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!/^\d+\.\d+$/.test(manifestVersion) || !fs.existsSync(file)) {
    throw new PackageError(`No bundled schema for manifestVersion "${manifestVersion}"; @microsoft/app-manifest has ${bundledManifestVersions().join(', ')}.`);
  }
  // Some published schema files carry \a and \v escapes that JSON does not allow; the package's own loader rewrites them the same way.
  return JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles (once per version) the validator for a bundled schema: draft-04 for the Teams schemas, 2020-12 if a schema says so. */
function validatorFor(manifestVersion: string): ValidateFunction {
  let validate = compiled.get(manifestVersion);
  if (!validate) {
    const schema = loadBundledSchema(manifestVersion);
    const ajv = schema.$schema?.includes('2020-12') ? new Ajv2020({ allErrors: true, strictTypes: false }) : new AjvDraft04({ allErrors: true, strictTypes: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema);
    compiled.set(manifestVersion, validate);
  }
  return validate;
}

/** Schema violations of a manifest (empty when valid), one line each: `<json pointer> <message> <details>`. */
export function schemaErrors(manifest: { manifestVersion?: unknown }): string[] {
  const validate = validatorFor(String(manifest.manifestVersion));
  // Validate what would be written to disk, not an object that may hold `undefined`s.
  if (validate(JSON.parse(JSON.stringify(manifest)))) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`;
}
