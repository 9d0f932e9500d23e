import type { TurnContext } from 'botbuilder';

/** What a text command handler needs to know about the turn. */
export interface Turn {
  context: TurnContext;
  userKey: string;
  timeZone?: string;
  /** The message text without the bot's @mention, trimmed. */
  text: string;
  /** The inbound activity id: makes repeated deliveries of the same request idempotent. */
  activityId: string;
}

/** One entry of the text routing table. */
export interface TextCommand {
  name: string;
  /** Matches the whole trimmed message; named groups are the arguments. */
  pattern: RegExp;
  /** One line for the help card. */
  help?: { example: string; does: string };
  handle(turn: Turn, match: RegExpMatchArray): Promise<void>;
}

/** Finds the first command whose pattern matches the message. */
export function routeText(commands: readonly TextCommand[], text: string): { command: TextCommand; match: RegExpMatchArray } | undefined {
  for (const command of commands) {
    const match = text.match(command.pattern);
    if (match) return { command, match };
  }
  return undefined;
}
