import { loadConfig } from '../../src/config';
import { AppError } from '../../src/errors';
import { SsoTokenVerifier } from '../../src/tab/ssoTokens';
import { startTokenIssuer, type TestTokenIssuer } from '../support/tokenIssuer';
import { entraUser, ssoClaims } from './support';

const TENANT = '7d2c4a1e-5b3f-4c6d-8e9f-0a1b2c3d4e5f';
const GUEST_TENANT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const AUDIENCE = 'api://tab.jobs.example/c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const ada = entraUser('Ada Lovelace', TENANT, '1a2b3c4d-0000-4000-8000-00000000a0a0');

describe('SSO token validation settings', () => {
  let entra: TestTokenIssuer;

  beforeAll(async () => {
    entra = await startTokenIssuer({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' });
  });
  afterAll(async () => {
    await entra?.close();
  });

  const reasonOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof AppError ? `${error.code}: ${String(error.details.reason)}` : `thrown: ${String(error)}`),
    );

  test('when a valid token arrives, then it maps to the bot\'s user key tid:oid', async () => {
    const verifier = new SsoTokenVerifier({ metadataUrl: entra.metadataUrl, audiences: [AUDIENCE] });

    expect(await verifier.verify(entra.sign(ssoClaims(ada, AUDIENCE)))).toEqual({ userKey: `${TENANT}:${ada.aadObjectId}`, tenantId: TENANT, objectId: ada.aadObjectId });
  });

  test('when no audience is configured, then every token is refused (a missing setting must not mean "any audience")', async () => {
    const verifier = new SsoTokenVerifier({ metadataUrl: entra.metadataUrl, audiences: [] });

    expect(await reasonOf(verifier.verify(entra.sign(ssoClaims(ada, AUDIENCE))))).toBe('TAB_UNAUTHORIZED: no SSO audience is configured');
  });

  test('when the tab is single-tenant, then a token from another tenant is refused and one from its own is accepted', async () => {
    const verifier = new SsoTokenVerifier({ metadataUrl: entra.metadataUrl, audiences: [AUDIENCE], tenantId: TENANT });
    const guest = entraUser('Guest', GUEST_TENANT, '1a2b3c4d-0000-4000-8000-00000000c0c0');

    expect(await reasonOf(verifier.verify(entra.sign(ssoClaims(guest, AUDIENCE))))).toBe('TAB_UNAUTHORIZED: tenant not allowed');
    expect(await reasonOf(verifier.verify(entra.sign(ssoClaims(ada, AUDIENCE))))).toBe('accepted');
  });

  test('when a token expired half a minute ago, then the clock skew allowance still accepts it, and five minutes ago it does not', async () => {
    const verifier = new SsoTokenVerifier({ metadataUrl: entra.metadataUrl, audiences: [AUDIENCE] });
    const now = Math.floor(Date.now() / 1000);

    expect(await reasonOf(verifier.verify(entra.sign(ssoClaims(ada, AUDIENCE, { exp: now - 30 }))))).toBe('accepted');
    expect(await reasonOf(verifier.verify(entra.sign(ssoClaims(ada, AUDIENCE, { exp: now - 300 }))))).toBe('TAB_UNAUTHORIZED: ERR_JWT_EXPIRED');
  });

  test('when the key set cannot be reached, then the failure is not reported as the caller\'s (no 401)', async () => {
    const verifier = new SsoTokenVerifier({ metadataUrl: 'http://127.0.0.1:1/.well-known/openid-configuration', audiences: [AUDIENCE] }, { fetchTimeoutMs: 1000 });

    expect(await reasonOf(verifier.verify(entra.sign(ssoClaims(ada, AUDIENCE))))).toMatch(/^thrown: /);
  });
});

describe('tab settings', () => {
  const production = { APP_MODE: 'production', BOT_ID: 'app', BOT_PASSWORD: 'p', BOT_TENANT_ID: TENANT, MONGODB_URI: 'mongodb://db/' };

  test('when the product runs in production, then there is no development identity to accept, whatever TAB_DEV_USER_KEY says', () => {
    expect(loadConfig({ ...production, TAB_DEV_USER_KEY: 'x:y' }).tab.devUserKey).toBeUndefined();
    expect(loadConfig({}).tab.devUserKey).toBe('7a3c1f2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b:11111111-1111-4111-8111-111111111111');
  });

  test('when both audience settings are given, then both are accepted; single-tenant restricts to the bot\'s tenant', () => {
    const config = loadConfig({ ...production, TAB_SSO_AUDIENCE: AUDIENCE, AAD_APP_CLIENT_ID: 'client', TAB_SINGLE_TENANT: 'true' });

    expect(config.tab.sso).toEqual({ metadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration', audiences: [AUDIENCE, 'client'], tenantId: TENANT });
  });

  test('when the export signing key is shorter than 32 characters, then start-up fails naming it', () => {
    expect(() => loadConfig({ EXPORT_SIGNING_KEY: 'short' })).toThrow(/EXPORT_SIGNING_KEY/);
  });
});
