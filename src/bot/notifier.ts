import type { Attachment, ConversationReference } from 'botbuilder';
import { reminderCard } from '../cards/reminderCard';
import { cardAttachment } from '../cards/render';
import { handleError } from '../errors';
import type { Logger } from '../logger';
import type { User } from '../profile/user';
import type { Notifier, NotifyResult, ReminderMessage } from '../reminders/notifier';
import { connectorPipelineOf, limitConnectorCalls, type BotAdapter } from './adapter';
import { SlidingWindowLimiter, takeTogether } from './rateLimiter';

/** Teams' limits on messages a bot sends (per conversation, and per app per tenant). */
export interface NotifierLimits {
  perConversationPerSecond: number;
  perConversationPer30Seconds: number;
  perTenantPerSecond: number;
  /** Attempts of one send before the reminder is handed back to be tried later. */
  attempts: number;
  /** First back-off; doubled each attempt, with jitter. */
  baseDelayMs: number;
}

/** Teams' published limits, and a retry policy that stays within them. */
export const TEAMS_LIMITS: NotifierLimits = {
  perConversationPerSecond: 7,
  perConversationPer30Seconds: 60,
  perTenantPerSecond: 50,
  attempts: 5,
  baseDelayMs: 500,
};

/** Answers worth retrying: throttled, precondition races, and gateway errors. */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);
/** Answers that mean the user removed the bot (or the conversation is gone). */
const UNREACHABLE = new Set([403, 404]);
/** Windows are counted 5% long, so requests that bunch up on the way still arrive within Teams' limits. */
const WINDOW_MARGIN = 1.05;
/** A send given up for now (not retryable, or out of attempts) is tried again after at least this. */
const GIVE_UP_MS = 60_000;
/** A send gets at least this long, even when its deadline is nearer. */
const MIN_SEND_MS = 1000;

/**
 * Sends proactive messages through the adapter with the stored conversation reference: sliding windows per
 * conversation and per tenant keep under Teams' limits (a send waits until both have room at once), with
 * jittered exponential back-off on throttling. This is the only place a proactive send is retried: the
 * connector client's own retry policy is removed for these sends, since its retries would bypass the windows.
 */
export class TeamsNotifier implements Notifier {
  private readonly conversations: SlidingWindowLimiter;
  private readonly tenants: SlidingWindowLimiter;

  constructor(
    private readonly adapter: BotAdapter,
    private readonly appId: string,
    private readonly log: Logger,
    private readonly limits: NotifierLimits = TEAMS_LIMITS,
  ) {
    this.conversations = new SlidingWindowLimiter([
      { count: limits.perConversationPerSecond, ms: 1000 * WINDOW_MARGIN },
      { count: limits.perConversationPer30Seconds, ms: 30_000 * WINDOW_MARGIN },
    ]);
    this.tenants = new SlidingWindowLimiter([{ count: limits.perTenantPerSecond, ms: 1000 * WINDOW_MARGIN }]);
  }

  async notify(user: User, message: ReminderMessage, deadline: Date): Promise<NotifyResult> {
    const reference = user.conversation!;
    const card = reminderCard(message, { timeZone: user.timeZone });
    const until = deadline.getTime();
    for (let attempt = 1; ; attempt++) {
      const slots = [
        [this.conversations, reference.conversation.id],
        [this.tenants, reference.conversation.tenantId ?? 'default'],
      ] as const;
      if (!(await takeTogether(slots, until))) return { outcome: 'retry', afterMs: 1000 }; // the queue is longer than the time left
      try {
        await this.send(reference as Partial<ConversationReference>, cardAttachment(card), until);
        return { outcome: 'sent' };
      } catch (error) {
        const status = statusOf(error);
        if (status !== undefined && UNREACHABLE.has(status)) return { outcome: 'unreachable' };
        const retryable = status === undefined || RETRYABLE.has(status);
        const delay = retryAfterMs(error) ?? backoff(this.limits.baseDelayMs, attempt);
        if (!retryable || attempt >= this.limits.attempts) {
          handleError(error, this.log, { user: user.key, reminder: message.reminder.id, status, attempt });
          return { outcome: 'retry', afterMs: Math.max(delay, GIVE_UP_MS) };
        }
        if (Date.now() + delay > until) return { outcome: 'retry', afterMs: delay };
        this.log.info({ user: user.key, reminder: message.reminder.id, status, attempt, delay }, 'send throttled, retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** One request to the connector: no hidden retries, and the send's own error (the adapter would swallow it). */
  private async send(reference: Partial<ConversationReference>, attachment: Attachment, until: number): Promise<void> {
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      const pipeline = connectorPipelineOf(this.adapter, context);
      // No hidden retries: each request must pass through the windows.
      pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
      // A slow connector may take until the deadline. A send that times out then may have arrived: it is
      // tried again only under a later claim, so it arrives at most once more.
      limitConnectorCalls(pipeline, Math.max(until - Date.now(), MIN_SEND_MS));
      await context.sendActivity({ type: 'message', attachments: [attachment] }).catch((error: unknown) => {
        failure = error;
      });
    });
    if (failure) throw failure;
  }
}

function statusOf(error: unknown): number | undefined {
  const value = (error as { statusCode?: unknown; status?: unknown } | undefined) ?? {};
  const status = typeof value.statusCode === 'number' ? value.statusCode : value.status;
  return typeof status === 'number' ? status : undefined;
}

/** The server's Retry-After, in ms, when it sent one. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } } | undefined)?.response?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(60_000, Math.max(0, date - Date.now()));
}

/** Exponential back-off with full jitter, capped at 30 s. */
function backoff(baseMs: number, attempt: number): number {
  const ceiling = Math.min(30_000, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
