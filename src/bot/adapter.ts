import fs from 'node:fs';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../config';

/** The Bot Framework adapter, with its inbound entry point opened to our HTTP server. */
export class BotAdapter extends CloudAdapter {
  /** Authenticates one inbound activity and runs the bot on it; returns the invoke response when there is one. */
  handleActivity(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * The adapter. With credentials (production) it validates every inbound token and signs every
 * outbound call; without them (local mode, Agents Playground) it does neither.
 */
export function createAdapter(config: Config): BotAdapter {
  const bot = config.bot;
  const settings = bot
    ? {
        MicrosoftAppId: bot.appId,
        MicrosoftAppType: bot.appType,
        MicrosoftAppTenantId: bot.tenantId,
        MicrosoftAppPassword: bot.password,
        CertificateThumbprint: bot.certificateThumbprint,
        CertificatePrivateKey: bot.certificateKeyFile ? fs.readFileSync(bot.certificateKeyFile, 'utf8') : undefined,
        ...(bot.openIdMetadataUrl ? publicCloudWithKeysAt(bot.openIdMetadataUrl) : {}),
      }
    : {};
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  return new BotAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));
}

/**
 * The public cloud's settings with another place for the channel's signing keys. botbuilder takes
 * any one of these settings as "all of them are given", so the rest must be spelled out.
 */
function publicCloudWithKeysAt(openIdMetadataUrl: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
