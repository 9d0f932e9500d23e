import fs from 'node:fs';
import {
  CallerIdConstants,
  CloudAdapter,
  type MiddlewareHandler,
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
  const settings = settingsOf(config);
  const adapter = new BotAdapter(new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)));
  adapter.use(connectorCallsTimeOut(adapter, config.connector.timeoutMs));
  return adapter;
}

/** The HTTP pipeline (`@azure/core-rest-pipeline`'s) of a connector client. */
interface ConnectorPipeline {
  addPolicy(policy: { name: string; sendRequest(request: { timeout: number }, next: (request: { timeout: number }) => Promise<unknown>): Promise<unknown> }, options?: { afterPhase?: 'Retry' }): void;
  removePolicy(policy: { name: string }): unknown;
}

/**
 * The pipeline of the connector client the adapter made for this turn (it makes one per turn, proactive
 * turns included), to change how this turn calls the Bot Connector; botbuilder has no option for it.
 */
export function connectorPipelineOf(adapter: CloudAdapter, context: TurnContext): ConnectorPipeline | undefined {
  return (context.turnState.get(adapter.ConnectorClientKey) as { client?: { pipeline?: ConnectorPipeline } } | undefined)?.client?.pipeline;
}

/**
 * Each call a turn makes to the Bot Connector is given up after `ms` (each try, when botbuilder retries),
 * so a connector that stops answering fails the send instead of holding the turn, and the inbound request
 * Teams waits on, for good. A reply that timed out is not sent again: it may have arrived.
 */
function connectorCallsTimeOut(adapter: CloudAdapter, ms: number): MiddlewareHandler {
  return async (context, next) => {
    limitConnectorCalls(connectorPipelineOf(adapter, context), ms);
    await next();
  };
}

const TIMEOUT_POLICY = 'connectorTimeout';

/** Gives up each call of a connector client after `ms`, instead of any limit set before. */
export function limitConnectorCalls(pipeline: ConnectorPipeline | undefined, ms: number): void {
  pipeline?.removePolicy({ name: TIMEOUT_POLICY });
  pipeline?.addPolicy(
    {
      name: TIMEOUT_POLICY,
      sendRequest: (request, next) => {
        request.timeout = ms;
        return next(request);
      },
    },
    { afterPhase: 'Retry' },
  );
}

/** botbuilder's settings for the app registration: none in local mode. */
function settingsOf(config: Config) {
  const bot = config.bot;
  return bot
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
