import type { TurnContext } from 'botbuilder';
import { cardAttachment, type AdaptiveCardJson } from '../cards/render';

/** Sends one Adaptive Card as a message. */
export async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
}
