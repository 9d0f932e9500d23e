import fs from 'node:fs';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Config } from '../config';

/**
 * The Bot Framework adapter. With credentials (production) it validates every inbound token and
 * signs every outbound call; without them (local mode, Agents Playground) it does neither.
 */
export function createAdapter(config: Config): CloudAdapter {
  const bot = config.bot;
  const settings = bot
    ? {
        MicrosoftAppId: bot.appId,
        MicrosoftAppType: bot.appType,
        MicrosoftAppTenantId: bot.tenantId,
        MicrosoftAppPassword: bot.password,
        CertificateThumbprint: bot.certificateThumbprint,
        CertificatePrivateKey: bot.certificateKeyFile ? fs.readFileSync(bot.certificateKeyFile, 'utf8') : undefined,
      }
    : {};
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));
}
