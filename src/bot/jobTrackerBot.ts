import { randomUUID } from 'node:crypto';
import { TeamsActivityHandler, TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type AppBasedLinkQuery, type InvokeResponse, type MessagingExtensionResponse } from 'botbuilder';
import { jobCard } from '../cards/jobCard';
import { errorCard, helpCard, pasteTextCard } from '../cards/messageCards';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardAttachment, type AdaptiveCardJson } from '../cards/render';
import { AppError, handleError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { findLinks } from '../postings/links';
import { MIN_PASTED_POSTING_CHARS } from '../postings/postingReader';
import type { UserRepository } from '../profile/user';
import type { ReminderService } from '../reminders/reminderService';
import type { SummaryService } from '../summary';
import type { JobView, TrackingService } from '../tracking/trackingService';
import { cardActions, runCardAction } from './cardActions';
import { routeText, type TextCommand, type Turn } from './commands';
import { isPersonal, referenceData, timeZoneOf, userKeyOf } from './identity';
import { JobActions } from './jobActions';
import { ProfileActions } from './profileActions';
import { ReminderActions } from './reminderActions';
import { SlidingWindowLimiter } from './rateLimiter';
import { sendCard } from './replies';
import { textCommands } from './textCommands';

/** The posting a dashboard link names: `?posting=<id>` or `/jobs/<id>`. */
function postingIdInLink(link: string): string | undefined {
  try {
    const url = new URL(link);
    const id = url.searchParams.get('posting') ?? url.pathname.match(/\/jobs\/([a-f0-9]{32})$/)?.[1];
    return id && /^[a-f0-9]{32}$/.test(id) ? id : undefined;
  } catch {
    return undefined; // not a URL: nothing to unfurl
  }
}

/** At most this many links are read from one message. */
export const MAX_LINKS_PER_MESSAGE = 5;

/** The services the bot turns activities into calls to. */
export interface BotServices {
  tracking: TrackingService;
  reminders: ReminderService;
  summaries: SummaryService;
  users: UserRepository;
  log: Logger;
  /** The bot's app id (empty in local mode), for updating a card after the turn. */
  appId: string;
  /** Per-user limits of the expensive actions. */
  limits: { capturesPerMinute: number; summariesPerMinute: number };
  metrics?: Metrics;
}

/** The Teams bot: routes each activity to one domain call and answers with a card. No business rules here. */
export class JobTrackerBot extends TeamsActivityHandler {
  private readonly commands: readonly TextCommand[];
  private readonly actions: ReturnType<typeof cardActions>;
  private readonly jobs: JobActions;
  private readonly captureLimit: SlidingWindowLimiter;

  constructor(private readonly services: BotServices) {
    super();
    this.captureLimit = new SlidingWindowLimiter([{ count: services.limits.capturesPerMinute, ms: 60_000 }]);
    const summaryLimit = new SlidingWindowLimiter([{ count: services.limits.summariesPerMinute, ms: 60_000 }]);
    this.jobs = new JobActions(services.tracking, (userKey, views, skills) => this.matchScores(userKey, views, skills));
    const reminders = new ReminderActions(services.reminders, this.jobs);
    const profile = new ProfileActions({
      users: services.users,
      summaries: services.summaries,
      tracking: services.tracking,
      jobs: this.jobs,
      afterTurn: (turn, work) => this.updateCardLater(turn, work),
      allow: (turn) => summaryLimit.tryTake(turn.userKey),
      onSummary: (result) => services.metrics?.summaries.inc({ source: result.summary.source, cached: String(result.cached) }),
    });
    this.actions = cardActions(this.jobs, reminders, profile);
    this.commands = [
      {
        name: 'help',
        pattern: /^(help|\?|hi|hello|start|commands)$/i,
        help: { example: 'help', does: 'Show this list' },
        handle: async () => this.helpCard(),
      },
      ...textCommands(this.jobs, reminders, profile),
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

  /** A Universal Action (`Action.Execute`): answered with the updated card, which replaces the old one in place. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const data = { ...(invokeValue.action.data as Record<string, unknown> | undefined), verb: invokeValue.action.verb };
    const turn = { ...this.turnOf(context, ''), cardMessageId: context.activity.replyToId };
    const card = await this.answerCardAction(turn, data);
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as never };
  }

  /**
   * Link unfurling for the app's own dashboard (the manifest limits it to that domain): a link that
   * names a posting (`…/tab?posting=<id>`) unfolds into that job's card, as the person sharing it sees it.
   */
  protected override async handleTeamsAppBasedLinkQuery(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    const postingId = postingIdInLink(query.url ?? '');
    const view = postingId ? await this.services.tracking.viewOf(userKeyOf(context.activity), postingId) : undefined;
    if (!view) return {};
    const card = jobCard(view, { viewerId: context.activity.from?.id ?? '', timeZone: timeZoneOf(context.activity) });
    const preview = { contentType: 'application/vnd.microsoft.card.thumbnail', content: { title: view.posting.title ?? 'Job', subtitle: view.posting.company ?? '' } };
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [{ ...cardAttachment(card), preview }] } };
  }

  /** An invoke this bot does not offer is the client's mistake: 400, not botbuilder's 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    return response.status === 501 ? { status: 400, body: { error: `unsupported invoke: ${String(context.activity.name).slice(0, 60)}` } } : response;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    // Clients without Universal Actions send a card button as a message whose value is the button's data.
    if (activity.value && typeof activity.value === 'object' && !activity.text) {
      return sendCard(context, await this.answerCardAction(this.turnOf(context, ''), activity.value));
    }
    // In group chats and channels the bot speaks only when @mentioned.
    if (!isPersonal(activity) && !TurnContext.getMentions(activity).some((m) => m.mentioned?.id === activity.recipient?.id)) return;
    const text = (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
    const turn = this.turnOf(context, text);
    const routed = routeText(this.commands, text);
    if (!routed) return this.capture(turn);
    try {
      await sendCard(context, await routed.command.handle(turn, routed.args));
    } catch (error) {
      await sendCard(context, this.expectedErrorCard(error));
    }
  }

  /** Saves every job link in the message, one card each; a long text without links is taken as a pasted posting. */
  private async capture(turn: Turn): Promise<void> {
    const { urls, unsupported } = findLinks(turn.text);
    if (urls.length === 0) {
      if (unsupported.length > 0) return sendCard(turn.context, errorCard(new AppError('UNSUPPORTED_SCHEME'), unsupported[0]));
      if (turn.text.length >= MIN_PASTED_POSTING_CHARS) return this.captureText(turn);
      return sendCard(turn.context, this.helpCard(turn.text ? new AppError('NO_URL').userMessage : ''));
    }
    await turn.context.sendActivity({ type: 'typing' });
    if (urls.length > MAX_LINKS_PER_MESSAGE) await sendCard(turn.context, errorCard(new AppError('TOO_MANY_URLS'), `${MAX_LINKS_PER_MESSAGE} of ${urls.length} links`));
    for (const url of urls.slice(0, MAX_LINKS_PER_MESSAGE)) {
      try {
        this.assertCaptureAllowed(turn);
        const view = await this.services.tracking.saveFromUrl(turn.userKey, url, turn.activityId);
        this.services.metrics?.captures.inc({ outcome: view.created === false ? 'existing' : 'saved' });
        await sendCard(turn.context, jobCard(view, { viewerId: turn.viewerId, timeZone: turn.timeZone }));
      } catch (error) {
        this.services.metrics?.captures.inc({ outcome: (error as AppError).code ?? 'INTERNAL' });
        this.services.log.info({ user: turn.userKey, code: (error as AppError).code }, 'capture refused');
        if (error instanceof AppError && error.code === 'BLOCKED_SITE') {
          await this.services.tracking.awaitTextFor(turn.userKey, url);
          await sendCard(turn.context, pasteTextCard(url));
        } else {
          await sendCard(turn.context, this.expectedErrorCard(error, url));
        }
      }
    }
  }

  private async captureText(turn: Turn): Promise<void> {
    try {
      this.assertCaptureAllowed(turn);
      const view = await this.services.tracking.saveFromText(turn.userKey, turn.text, turn.activityId);
      await sendCard(turn.context, jobCard(view, { viewerId: turn.viewerId, timeZone: turn.timeZone }));
    } catch (error) {
      await sendCard(turn.context, this.expectedErrorCard(error));
    }
  }

  private assertCaptureAllowed(turn: Turn): void {
    if (!this.captureLimit.tryTake(turn.userKey)) throw new AppError('USER_RATE_LIMITED');
  }

  /** Runs a card button; a refusal re-draws the job's card with the reason on top, so nothing on screen is lost. */
  private async answerCardAction(turn: Turn, data: unknown): Promise<AdaptiveCardJson> {
    try {
      return await runCardAction(this.actions, turn, data);
    } catch (error) {
      const card = this.expectedErrorCard(error);
      const postingId = (data as { postingId?: unknown } | undefined)?.postingId;
      if (!(error instanceof AppError) || typeof postingId !== 'string' || !/^[a-f0-9]{32}$/.test(postingId)) return card;
      this.services.log.info({ user: turn.userKey, code: error.code }, 'card action refused');
      return this.jobs.show(turn, postingId, { notice: error.userMessage, noticeColor: 'attention' }).catch(() => card);
    }
  }

  /** The card for an error a user can act on; anything else is rethrown to the turn's error handler. */
  private expectedErrorCard(error: unknown, subject = ''): AdaptiveCardJson {
    if (!(error instanceof AppError) || error.code === 'INTERNAL' || error.code === 'DATABASE_UNAVAILABLE') throw error;
    return errorCard(error, subject);
  }

  /** Replaces the clicked card once slow work (a model's summary) is done, in place, after the turn has answered. */
  private updateCardLater(turn: Turn, work: () => Promise<AdaptiveCardJson>): void {
    const reference = TurnContext.getConversationReference(turn.context.activity);
    const messageId = turn.cardMessageId;
    const adapter = turn.context.adapter;
    void work()
      .then((card) =>
        adapter.continueConversationAsync(this.services.appId, reference, async (context) => {
          await context.updateActivity({ type: 'message', id: messageId, attachments: [cardAttachment(card)] });
        }),
      )
      .catch((error: unknown) => handleError(error, this.services.log, { user: turn.userKey, activity: turn.activityId }));
  }

  /** Match scores against the user's skills, for jobs whose summary already exists. */
  private async matchScores(userKey: string, views: readonly JobView[], known?: readonly string[]): Promise<Array<number | undefined>> {
    const skills = known ?? (await this.services.users.find(userKey))?.skills ?? [];
    if (skills.length === 0) return views.map(() => undefined);
    return Promise.all(views.map(async (view) => (await this.services.summaries.peek(view.posting, skills))?.match?.score));
  }

  private helpCard(intro = ''): AdaptiveCardJson {
    const lines = [
      { example: 'https://…', does: 'Paste a job link and I save it with its details' },
      ...this.commands.flatMap((c) => (c.help ? [c.help] : [])),
    ];
    return helpCard(lines, intro);
  }

  private turnOf(context: TurnContext, text: string): Turn {
    const activity = context.activity;
    return { context, userKey: userKeyOf(activity), viewerId: activity.from?.id ?? '', timeZone: timeZoneOf(activity), text, activityId: activity.id || randomUUID() };
  }

  /** Keeps the user's conversation reference fresh, for messages the bot sends first. */
  private async rememberUser(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.from?.id || activity.from.role === 'bot') return;
    const reference = isPersonal(activity) ? referenceData(TurnContext.getConversationReference(activity)) : undefined;
    const userKey = userKeyOf(activity);
    const { wasUnreachable } = await this.services.users.remember(userKey, { conversation: reference, timeZone: timeZoneOf(activity) }, new Date());
    // They removed the bot and came back: what waited for them can go now.
    if (wasUnreachable) await this.services.reminders.resume(userKey);
  }
}
