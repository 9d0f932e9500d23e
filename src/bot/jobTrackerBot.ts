import { TeamsActivityHandler, TurnContext } from 'botbuilder';
import { helpCard, errorCard } from '../cards/messageCards';
import { jobCard } from '../cards/jobCard';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { findLinks } from '../postings/links';
import type { UserRepository } from '../profile/user';
import type { TrackingService } from '../tracking/trackingService';
import { routeText, type TextCommand, type Turn } from './commands';
import { isPersonal, referenceData, timeZoneOf, userKeyOf } from './identity';
import { sendCard } from './replies';

/** At most this many links are read from one message. */
export const MAX_LINKS_PER_MESSAGE = 5;

/** The services the bot turns activities into calls to. */
export interface BotServices {
  tracking: TrackingService;
  users: UserRepository;
  log: Logger;
}

/** The Teams bot: routes each activity to one domain call and answers with a card. No business rules here. */
export class JobTrackerBot extends TeamsActivityHandler {
  private readonly commands: readonly TextCommand[];

  constructor(private readonly services: BotServices) {
    super();
    this.commands = [
      {
        name: 'help',
        pattern: /^(help|\?|hi|hello|start)$/i,
        help: { example: 'help', does: 'Show this list' },
        handle: (turn) => this.sendHelp(turn),
      },
    ];
    this.onTurn(async (context, next) => {
      await this.rememberUser(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    // In group chats and channels the bot speaks only when @mentioned.
    if (!isPersonal(activity) && !TurnContext.getMentions(activity).some((m) => m.mentioned?.id === activity.recipient?.id)) return;
    const text = (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
    const turn: Turn = { context, userKey: userKeyOf(activity), timeZone: timeZoneOf(activity), text, activityId: activity.id ?? '' };
    const routed = routeText(this.commands, text);
    if (routed) return routed.command.handle(turn, routed.match);
    return this.capture(turn);
  }

  /** Saves every job link in the message, one card each. */
  private async capture(turn: Turn): Promise<void> {
    const { urls, unsupported } = findLinks(turn.text);
    if (urls.length === 0) {
      if (unsupported.length > 0) return sendCard(turn.context, errorCard(new AppError('UNSUPPORTED_SCHEME'), unsupported[0]));
      return this.sendHelp(turn, turn.text ? new AppError('NO_URL').userMessage : '');
    }
    await turn.context.sendActivity({ type: 'typing' });
    if (urls.length > MAX_LINKS_PER_MESSAGE) await sendCard(turn.context, errorCard(new AppError('TOO_MANY_URLS'), `${MAX_LINKS_PER_MESSAGE} of ${urls.length} links`));
    for (const url of urls.slice(0, MAX_LINKS_PER_MESSAGE)) {
      try {
        const view = await this.services.tracking.saveFromUrl(turn.userKey, url, turn.activityId);
        await sendCard(turn.context, jobCard(view, { timeZone: turn.timeZone }));
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'INTERNAL' || error.code === 'DATABASE_UNAVAILABLE') throw error;
        this.services.log.info({ user: turn.userKey, code: error.code }, 'capture refused');
        await sendCard(turn.context, errorCard(error, url));
      }
    }
  }

  private async sendHelp(turn: Turn, intro = ''): Promise<void> {
    const lines = [
      { example: 'https://…', does: 'Paste a job link and I save it with its details' },
      ...this.commands.flatMap((c) => (c.help ? [c.help] : [])),
    ];
    await sendCard(turn.context, helpCard(lines, intro));
  }

  /** Keeps the user's conversation reference fresh, for messages the bot sends first. */
  private async rememberUser(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.from?.id || activity.from.role === 'bot') return;
    const reference = isPersonal(activity) ? referenceData(TurnContext.getConversationReference(activity)) : undefined;
    await this.services.users.remember(userKeyOf(activity), { conversation: reference, timeZone: timeZoneOf(activity) }, new Date());
  }
}
