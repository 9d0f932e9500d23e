import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { buildAppPackage, packageEnvironment, ROOT } from '../../scripts/package/build';
import { PackageError } from '../../scripts/package/errors';
import { placeholdersIn } from '../../scripts/package/manifest';
import { schemaErrors } from '../../scripts/package/schema';
import { ACCENT, drawColorIcon, drawOutlineIcon } from '../../scripts/icons';
import { decodePng, pngSize } from './pngPixels';
import { readZipEntries } from './zipEntries';

/** A test tenant's values, as an env file would hold them. */
const VALUES = {
  TEAMS_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  BOT_ID: '0d9b6f3a-1c2e-4f5a-9b8c-7d6e5f4a3b2c',
  TAB_DOMAIN: 'jobs.contoso.example',
  AAD_APP_CLIENT_ID: '6e1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b',
};
const TEAMS_COMMANDS = ['help', 'my jobs', 'reminders', 'profile', 'compare', 'export'];
const SCOPES = ['personal', 'groupChat', 'team'];

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string; full?: string };
  description: { short: string; full: string };
  accentColor: string;
  icons: { color: string; outline: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles?: boolean;
    isNotificationOnly?: boolean;
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description?: string }> }>;
  }>;
  staticTabs: Array<{ entityId: string; name?: string; contentUrl?: string; websiteUrl?: string; scopes: string[] }>;
  composeExtensions: Array<{ botId?: string; composeExtensionType?: string; messageHandlers?: Array<{ type: string; value: { domains?: string[] } }> }>;
  validDomains: string[];
  webApplicationInfo: { id: string; resource?: string };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jobtracker-apppackage-'));
}

function writeEnvFile(dir: string, name: string, values: Record<string, string>, comment = '# test tenant'): void {
  fs.writeFileSync(path.join(dir, `.env.${name}`), [comment, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)].join('\n') + '\n');
}

/**
 * Validates against the official schema file bundled in @microsoft/app-manifest with an ajv of the
 * test's own (not the build's validator), with the network shut: any fetch fails the test.
 */
function validateOffline(manifest: unknown, version: string): string[] {
  const file = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  expect(fs.existsSync(file)).toBe(true);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
    throw new Error('schema validation tried to use the network');
  });
  try {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    return validate(manifest) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  } finally {
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  }
}

function runPackageCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'package.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the Teams app package', () => {
  let dir: string;
  let entries: Map<string, Buffer>;
  let manifest: Manifest;

  beforeAll(async () => {
    dir = tempDir();
    writeEnvFile(dir, 'citest', VALUES);
    const built = await packageEnvironment('citest', { envDir: dir, outDir: path.join(dir, 'out') });
    expect(built.zipPath).toBe(path.join(dir, 'out', 'appPackage.citest.zip'));
    entries = readZipEntries(fs.readFileSync(built.zipPath));
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when built for an environment, then the zip holds manifest.json and the two icons at its root, and manifest.<env>.json beside it', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'manifest.citest.json'), 'utf8'));
    expect(written).toEqual(manifest);
    expect(JSON.stringify(manifest)).not.toMatch(/\$\{\{/);
  });

  test('the built manifest is valid against the official schema bundled in @microsoft/app-manifest, checked offline', async () => {
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    expect(major === 1 && minor >= 22).toBe(true);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(validateOffline(manifest, manifest.manifestVersion)).toEqual([]);
  });

  test.each([
    ['the test', (m: unknown) => validateOffline(m, manifest.manifestVersion)],
    ['npm run package', (m: unknown) => schemaErrors(m as { manifestVersion: string })],
  ])('the schema check of %s can fail: a bad accent colour, a missing developer URL and a stray key are each reported', (_who, check) => {
    const broken = { ...manifest, accentColor: 'blue', developer: { name: 'Job Tracker for Teams' }, stray: true };
    const errors = check(broken).join('\n');
    expect(errors).toMatch(/accentColor/);
    expect(errors).toMatch(/websiteUrl/);
    expect(errors).toMatch(/stray/);
  });

  test('the placeholders are filled from the env file: app id, bot id, tab domain, SSO client id', () => {
    expect(manifest.id).toBe(VALUES.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(VALUES.BOT_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: VALUES.AAD_APP_CLIENT_ID, resource: `api://${VALUES.TAB_DOMAIN}/${VALUES.AAD_APP_CLIENT_ID}` });
  });

  test('the bot is conversational, takes no files, works in personal chats, group chats and teams, with one command list per scope', () => {
    expect(manifest.bots).toHaveLength(1);
    const [bot] = manifest.bots;
    expect([...bot.scopes].sort()).toEqual([...SCOPES].sort());
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
    expect(bot.commandLists.map((list) => list.scopes)).toEqual(SCOPES.map((scope) => [scope]));
    for (const list of bot.commandLists) {
      expect(list.commands.map((command) => command.title)).toEqual(TEAMS_COMMANDS);
      for (const command of list.commands) expect(command.description?.trim().length).toBeGreaterThan(5);
    }
  });

  test('the personal "My jobs" tab opens the dashboard on the tab domain', () => {
    expect(manifest.staticTabs).toEqual([
      { entityId: 'dashboard', name: 'My jobs', contentUrl: `https://${VALUES.TAB_DOMAIN}/tab`, websiteUrl: `https://${VALUES.TAB_DOMAIN}/tab`, scopes: ['personal'] },
    ]);
    expect(manifest.validDomains).toEqual([VALUES.TAB_DOMAIN]);
  });

  test("link unfurling is a bot-based message extension limited to the app's own dashboard domain", () => {
    expect(manifest.composeExtensions).toHaveLength(1);
    const [extension] = manifest.composeExtensions;
    expect(extension.botId).toBe(VALUES.BOT_ID);
    expect(extension.composeExtensionType).toBe('botBased');
    expect(extension.messageHandlers).toEqual([{ type: 'link', value: { domains: [VALUES.TAB_DOMAIN] } }]);
  });

  test('names, descriptions and accent colour are the product’s', () => {
    expect(manifest.name).toEqual({ short: 'Job Tracker', full: 'Job Tracker for Teams' });
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeGreaterThan(manifest.description.short.length);
    expect(manifest.accentColor).toBe(ACCENT.hex);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  test('color.png is a full-colour 192×192 icon', () => {
    const png = entries.get('color.png')!;
    expect(pngSize(png)).toEqual({ width: 192, height: 192 });
    const { rgba } = decodePng(png);
    const colours = new Set<number>();
    let notOpaque = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] !== 255) notOpaque++;
      colours.add((rgba[i] << 16) | (rgba[i + 1] << 8) | rgba[i + 2]);
    }
    expect(notOpaque).toBe(0);
    expect(colours.size).toBeGreaterThan(2);
    expect(colours.has((ACCENT.rgb[0] << 16) | (ACCENT.rgb[1] << 8) | ACCENT.rgb[2])).toBe(true);
  });

  test('outline.png is 32×32 with only white and fully transparent pixels, and shows a shape', () => {
    const png = entries.get('outline.png')!;
    expect(pngSize(png)).toEqual({ width: 32, height: 32 });
    const { rgba } = decodePng(png);
    let white = 0;
    let transparent = 0;
    const offenders: string[] = [];
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b, a] = rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else if (a === 255 && r === 255 && g === 255 && b === 255) white++;
      else offenders.push(`(${(i / 4) % 32},${Math.floor(i / 128)}) rgba(${r},${g},${b},${a})`);
    }
    expect(offenders).toEqual([]);
    expect(white).toBeGreaterThan(100);
    expect(transparent).toBeGreaterThan(100);
  });

  test('the committed icons are the ones scripts/icons.ts draws', () => {
    for (const [file, drawn] of [
      ['color.png', drawColorIcon()],
      ['outline.png', drawOutlineIcon()],
    ] as const) {
      const committed = decodePng(fs.readFileSync(path.join(ROOT, 'appPackage', file)));
      expect([committed.width, committed.height]).toEqual([drawn.width, drawn.height]);
      expect(Buffer.from(committed.rgba).equals(Buffer.from(drawn.pixels))).toBe(true);
    }
  });
});

describe('building the package without the values it needs', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when env values are missing or empty, then it fails naming each unresolved placeholder and the env file, and writes nothing', async () => {
    writeEnvFile(dir, 'partial', { TEAMS_APP_ID: VALUES.TEAMS_APP_ID, BOT_ID: VALUES.BOT_ID, TAB_DOMAIN: '' });
    const outDir = path.join(dir, 'out');
    const attempt = packageEnvironment('partial', { envDir: dir, outDir });
    await expect(attempt).rejects.toThrow(PackageError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toMatch(/needs values for AAD_APP_CLIENT_ID, TAB_DOMAIN/);
    expect(message).toMatch(/^\s+TAB_DOMAIN\s+the host name/m);
    expect(message).toMatch(/^\s+AAD_APP_CLIENT_ID\s+the client id/m);
    expect(message).not.toMatch(/^\s+BOT_ID\s/m);
    expect(message).toContain(path.join(dir, '.env.partial'));
    expect(fs.existsSync(outDir)).toBe(false);
  });

  test('when a value has the wrong form, then it says which and what is expected', async () => {
    await expect(
      buildAppPackage({ env: 'wrong', values: { ...VALUES, BOT_ID: 'my-bot', TAB_DOMAIN: 'https://jobs.contoso.example/tab' }, outDir: dir }),
    ).rejects.toThrow(/BOT_ID\s+is "my-bot", expected a GUID[\s\S]*TAB_DOMAIN\s+is "https:\/\/jobs\.contoso\.example\/tab", expected a host name/);
  });

  test('values in .env.<env>.user win over .env.<env>', async () => {
    writeEnvFile(dir, 'layered', { ...VALUES, TAB_DOMAIN: 'old.contoso.example' });
    fs.writeFileSync(path.join(dir, '.env.layered.user'), 'TAB_DOMAIN="new.contoso.example"\n');
    const built = await packageEnvironment('layered', { envDir: dir, outDir: dir });
    expect((built.manifest as unknown as Manifest).validDomains).toEqual(['new.contoso.example']);
  });

  test('packaging reads the env file without changing process.env', async () => {
    writeEnvFile(dir, 'isolated', { ...VALUES, JOBTRACKER_PACKAGE_PROBE: 'set' });
    const before = { ...process.env };
    await packageEnvironment('isolated', { envDir: dir, outDir: dir });
    expect(process.env).toEqual(before);
  });
});

describe('npm run package', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when the env file is complete, then it exits 0 and names the zip it wrote', () => {
    writeEnvFile(dir, 'cli', VALUES);
    const run = runPackageCli(['--env', 'cli', '--env-dir', dir, '--out-dir', path.join(dir, 'out')]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(path.join(dir, 'out', 'appPackage.cli.zip'));
    expect(fs.existsSync(path.join(dir, 'out', 'appPackage.cli.zip'))).toBe(true);
  });

  test('when a value is missing, then it exits 1 with the list on stderr, no stack trace', () => {
    writeEnvFile(dir, 'cli-missing', { ...VALUES, AAD_APP_CLIENT_ID: '' });
    const run = runPackageCli(['--env=cli-missing', '--env-dir', dir, '--out-dir', path.join(dir, 'out-missing')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs a value for AAD_APP_CLIENT_ID/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'out-missing'))).toBe(false);
  });
});

describe('the env files', () => {
  const template = JSON.parse(fs.readFileSync(path.join(ROOT, 'appPackage', 'manifest.json'), 'utf8'));

  test.each(['.env.example', '.env.local', '.env.dev', '.env.prod'])('%s declares every placeholder the manifest uses', (file) => {
    const text = fs.readFileSync(path.join(ROOT, 'env', file), 'utf8');
    const declared = new Set([...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    expect(placeholdersIn(template).filter((name) => !declared.has(name))).toEqual([]);
  });
});
