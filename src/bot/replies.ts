import type { TurnContext } from 'botbuilder';
import { errorCard } from '../cards/messageCards';
import { cardAttachment, type AdaptiveCardJson } from '../cards/render';
import type { AppError } from '../errors';

/** Sends one Adaptive Card as a message. */
export async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
}

/**
 * Tells the user a turn failed, in the form the turn needs: a card click gets an error the client shows on
 * the card (which stays as it was), another invoke a plain 500, a message an error card. Without this an
 * invoke that failed would be answered 501 by the adapter.
 */
export async function sendError(context: TurnContext, error: AppError): Promise<void> {
  const { type, name } = context.activity;
  if (type !== 'invoke') return sendCard(context, errorCard(error));
  const body = name === 'adaptiveCard/action' ? { statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: error.code, message: error.userMessage } } : undefined;
  await context.sendActivity({ type: 'invokeResponse', value: { status: body ? 200 : 500, body } });
}
