import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/package/build';

/**
 * The Microsoft 365 Agents Toolkit files cannot be run here (they need a tenant), so these tests
 * check what can be checked offline: they parse, name the actions in the order provisioning needs,
 * point at files that exist, and the Entra app manifest exposes the API Teams SSO asks for.
 */

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  provision: Step[];
  deploy?: Step[];
  publish?: Step[];
}

function readProject(file: string): ProjectFile {
  return parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as ProjectFile;
}

/** Asserts `wanted` appear in `actions` in this order (other actions may sit between them). */
function expectInOrder(actions: string[], wanted: string[]): void {
  let from = 0;
  for (const action of wanted) {
    const at = actions.indexOf(action, from);
    expect({ action, found: at >= 0 }).toEqual({ action, found: true });
    from = at + 1;
  }
}

/** Every `./relative` path a project file points at that is an input (not a build output). */
function inputPaths(project: ProjectFile): string[] {
  const steps = [...project.provision, ...(project.deploy ?? []), ...(project.publish ?? [])];
  return steps.flatMap((step) => ['manifestPath'].map((key) => step.with?.[key]).filter((value): value is string => typeof value === 'string'));
}

describe('m365agents.yml (remote environments)', () => {
  const project = readProject('m365agents.yml');

  test('is a v1.x project file whose provision creates the apps and bot, applies the SSO app manifest, then validates, zips and uploads the package', () => {
    expect(project.version).toMatch(/^v1\.\d+$/);
    expectInOrder(
      project.provision.map((step) => step.uses),
      ['teamsApp/create', 'aadApp/create', 'botAadApp/create', 'botFramework/create', 'aadApp/update', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/update'],
    );
  });

  test('writes the ids the manifest template needs, and points the bot at /api/messages on the tab domain', () => {
    const byAction = new Map(project.provision.map((step) => [step.uses, step]));
    expect(byAction.get('teamsApp/create')?.writeToEnvironmentFile).toEqual({ teamsAppId: 'TEAMS_APP_ID' });
    expect(byAction.get('aadApp/create')?.writeToEnvironmentFile).toMatchObject({ clientId: 'AAD_APP_CLIENT_ID', objectId: 'AAD_APP_OBJECT_ID' });
    expect(byAction.get('botAadApp/create')?.writeToEnvironmentFile).toEqual({ botId: 'BOT_ID', botPassword: 'SECRET_BOT_PASSWORD' });
    expect(byAction.get('botFramework/create')?.with).toMatchObject({ botId: '${{BOT_ID}}', messagingEndpoint: 'https://${{TAB_DOMAIN}}/api/messages', channels: [{ name: 'msteams' }] });
    expect(byAction.get('teamsApp/zipAppPackage')?.with).toMatchObject({
      outputZipPath: './appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip',
      outputJsonPath: './appPackage/build/manifest.${{TEAMSFX_ENV}}.json',
    });
  });

  test('every input file it names exists', () => {
    for (const file of inputPaths(project)) expect({ file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
  });
});

describe('m365agents.local.yml (real Teams through a dev tunnel)', () => {
  const project = readProject('m365agents.local.yml');

  test('creates the Teams app and the bot registration on the tunnel, and writes the bot settings for a local run', () => {
    expect(project.version).toMatch(/^v1\.\d+$/);
    expectInOrder(
      project.provision.map((step) => step.uses),
      ['teamsApp/create', 'botAadApp/create', 'botFramework/create', 'teamsApp/zipAppPackage', 'teamsApp/update'],
    );
    const bot = project.provision.find((step) => step.uses === 'botFramework/create');
    expect(bot?.with?.messagingEndpoint).toBe('${{BOT_ENDPOINT}}/api/messages');
    const settings = [...project.provision, ...(project.deploy ?? [])].find((step) => step.uses === 'file/createOrUpdateEnvironmentFile');
    expect(settings?.with?.target).toBe('./.localConfigs');
    expect(settings?.with?.envs).toMatchObject({ APP_MODE: 'production', BOT_ID: '${{BOT_ID}}', BOT_PASSWORD: '${{SECRET_BOT_PASSWORD}}' });
  });

  test('the settings file it writes holds a secret and is git-ignored', () => {
    expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.localConfigs');
  });

  test('every input file it names exists', () => {
    for (const file of inputPaths(project)) expect({ file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
  });
});

describe('appPackage/aad.manifest.json (the tab’s single sign-on app)', () => {
  const aad = JSON.parse(fs.readFileSync(path.join(ROOT, 'appPackage', 'aad.manifest.json'), 'utf8'));
  const TEAMS_CLIENTS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

  test('exposes api://<tab domain>/<client id> with an access_as_user scope, the resource the Teams manifest names', () => {
    expect(aad.identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    const teamsManifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'appPackage', 'manifest.json'), 'utf8'));
    expect(teamsManifest.webApplicationInfo.resource).toBe(aad.identifierUris[0]);
    expect(aad.oauth2Permissions).toEqual([expect.objectContaining({ value: 'access_as_user', type: 'User', isEnabled: true, id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}' })]);
  });

  test('pre-authorizes the Teams desktop/mobile and web clients for that scope', () => {
    expect(aad.preAuthorizedApplications).toEqual(TEAMS_CLIENTS.map((appId) => ({ appId, permissionIds: ['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}'] })));
  });
});
