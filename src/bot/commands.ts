import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/render';

/** What a handler needs to know about the turn. */
export interface Turn {
  context: TurnContext;
  /** The owner key every read and write is scoped to. */
  userKey: string;
  /** The Teams user id (for a card's refresh). */
  viewerId: string;
  timeZone?: string;
  /** The message text without the bot's @mention, trimmed. */
  text: string;
  /** The inbound activity id: makes repeated deliveries of the same request idempotent. */
  activityId: string;
  /** For a Universal Action: the message that holds the clicked card (it can be updated again later). */
  cardMessageId?: string;
}

/** One entry of the text routing table. */
export interface TextCommand {
  name: string;
  /** Matches the whole trimmed message; named groups are the arguments. */
  pattern: RegExp;
  /** One line for the help card. */
  help?: { example: string; does: string };
  /** Makes one call and returns the card to answer with. */
  handle(turn: Turn, args: Record<string, string | undefined>): Promise<AdaptiveCardJson>;
}

/** Finds the first command whose pattern matches the message. */
export function routeText(commands: readonly TextCommand[], text: string): { command: TextCommand; args: Record<string, string | undefined> } | undefined {
  for (const command of commands) {
    const match = text.match(command.pattern);
    if (match) return { command, args: { ...match.groups } };
  }
  return undefined;
}
