import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  test('when nothing is set, then the product runs locally on 127.0.0.1:3978 with the embedded database and no credentials', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({ mode: 'local', http: { host: '127.0.0.1', port: 3978 }, bot: undefined, database: { uri: undefined, name: 'jobtracker' } });
  });

  test('when local mode is asked to listen on all interfaces, then it still listens on loopback only', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).http.host).toBe('127.0.0.1');
  });

  test('when production mode lacks credentials and a database, then start-up fails naming each missing setting', () => {
    expect(() => loadConfig({ APP_MODE: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ APP_MODE: 'production' })).toThrow(/BOT_ID.*MONGODB_URI.*BOT_TENANT_ID.*BOT_PASSWORD/);
  });

  test('when production mode is given a managed identity, then no secret is required', () => {
    const config = loadConfig({ APP_MODE: 'production', BOT_ID: 'app', BOT_TYPE: 'UserAssignedMSI', BOT_TENANT_ID: 'tenant', MONGODB_URI: 'mongodb://db/' });

    expect(config.bot).toMatchObject({ appId: 'app', appType: 'UserAssignedMSI', tenantId: 'tenant' });
  });

  test('when production mode would open private hosts to user links, then start-up fails', () => {
    const env = { APP_MODE: 'production', BOT_ID: 'a', BOT_PASSWORD: 'p', BOT_TENANT_ID: 't', MONGODB_URI: 'mongodb://db/', FETCH_ALLOW_PRIVATE_HOSTS: 'localhost' };

    expect(() => loadConfig(env)).toThrow(/FETCH_ALLOW_PRIVATE_HOSTS must be empty/);
  });

  test('when a value has the wrong type, then the message names the key', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
