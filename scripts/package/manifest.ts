import { PackageError } from './errors';

/**
 * Fills a manifest template's `${{NAME}}` placeholders (the Teams Toolkit convention) from an
 * environment's values. Substitution happens inside the parsed JSON's strings, so a value can never
 * break the JSON around it.
 */

/** `${{NAME}}`, with optional spaces inside the braces as the Toolkit allows. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** A host name, optionally with a port: no scheme, no path, no wildcard. */
const HOST = /^(?=.{1,253}(?::\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/** What each placeholder we know of means and what a good value looks like, for error messages. */
export const KNOWN_VALUES: Record<string, { means: string; format?: { pattern: RegExp; expected: string } }> = {
  TEAMS_APP_ID: { means: 'the Teams app id, a GUID of your choice (the Agents Toolkit writes it on provision)', format: { pattern: GUID, expected: 'a GUID' } },
  BOT_ID: { means: "the Azure Bot registration's Microsoft App ID (its Entra app's client id)", format: { pattern: GUID, expected: 'a GUID' } },
  TAB_DOMAIN: {
    means: 'the host name the bot and its dashboard tab are served from, e.g. jobtracker.contoso.com',
    format: { pattern: HOST, expected: 'a host name without https:// or a path, e.g. jobtracker.contoso.com' },
  },
  AAD_APP_CLIENT_ID: { means: "the client id of the Entra app for the tab's single sign-on", format: { pattern: GUID, expected: 'a GUID' } },
};

/** Every placeholder name in a template, sorted, each once. */
export function placeholdersIn(template: unknown): string[] {
  const names = new Set<string>();
  visitStrings(template, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]);
    return text;
  });
  return [...names].sort();
}

/**
 * Returns the template with every placeholder replaced. Fails, naming all of them at once, when a
 * placeholder has no value (absent or empty) or a known one has a value of the wrong form.
 */
export function renderTemplate<T>(template: T, values: Record<string, string>, where: { env: string; files: string[] }): T {
  const names = placeholdersIn(template);
  const missing = names.filter((name) => !values[name]?.trim());
  const malformed = names.filter((name) => !missing.includes(name) && KNOWN_VALUES[name]?.format && !KNOWN_VALUES[name].format!.pattern.test(values[name].trim()));
  if (missing.length > 0 || malformed.length > 0) throw new PackageError(describeProblems(missing, malformed, values, where));
  return visitStrings(template, (text) => text.replace(PLACEHOLDER, (_whole, name: string) => values[name].trim())) as T;
}

function describeProblems(missing: string[], malformed: string[], values: Record<string, string>, where: { env: string; files: string[] }): string {
  const width = Math.max(...[...missing, ...malformed].map((name) => name.length));
  const lines: string[] = [];
  if (missing.length > 0) {
    lines.push(`The app package for "${where.env}" needs ${missing.length === 1 ? 'a value' : 'values'} for ${missing.join(', ')}; the manifest's placeholders stay unresolved without them:`);
    for (const name of missing) lines.push(`  ${name.padEnd(width)}  ${KNOWN_VALUES[name]?.means ?? '(no description)'}`);
  }
  if (malformed.length > 0) {
    lines.push(`${missing.length > 0 ? 'And these' : 'These'} values have the wrong form:`);
    for (const name of malformed) lines.push(`  ${name.padEnd(width)}  is "${values[name]}", expected ${KNOWN_VALUES[name].format!.expected}`);
  }
  lines.push(`Set them in ${where.files.join(' or ')}${where.files.length === 1 ? ` (or in ${where.files[0]}.user)` : ''}.`);
  return lines.join('\n');
}

/** Rebuilds a JSON value, passing every string (values, not keys) through `map`. */
function visitStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => visitStrings(item, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visitStrings(item, map)]));
  return value;
}
