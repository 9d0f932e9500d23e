import { noticeCard } from '../cards/messageCards';
import { safeZone } from '../cards/format';
import type { AdaptiveCardJson } from '../cards/render';
import { AppError } from '../errors';
import type { ExportLinks } from './exportLinks';

/**
 * The chat's `export` command. A bot cannot attach a file in a personal chat without Teams' file consent flow,
 * so the card links to a short-lived, user-signed download served by our own server.
 */

/** Where the bot's turn finds the export links: a key of the turn state, set by the tab's turn middleware. */
export const EXPORT_LINKS_STATE = Symbol.for('jobTracker.exportLinks');

/** Makes a user's absolute download link; undefined when export is off here (no key or no public address). */
export type ExportLinkMaker = (userKey: string) => { url: string; expiresAt: Date } | undefined;

/** A link maker for the server at `baseUrl()` (undefined: no public address known). */
export function exportLinkMaker(links: ExportLinks | undefined, baseUrl: () => string | undefined): ExportLinkMaker {
  return (userKey) => {
    const base = baseUrl();
    if (!links || !base) return undefined;
    const { path, expiresAt } = links.path(userKey);
    return { url: `${base}${path}`, expiresAt };
  };
}

/**
 * Puts the link maker into each turn's state, where the bot's `export` command reads it.
 * (The bot's command table takes its actions from the bot; this keeps the tab's wiring out of the bot's constructor.)
 */
export function exportLinkMiddleware(maker: ExportLinkMaker) {
  return async (context: { turnState: Map<unknown, unknown> }, next: () => Promise<void>): Promise<void> => {
    context.turnState.set(EXPORT_LINKS_STATE, maker);
    await next();
  };
}

/** The card answering `export`: a button that downloads the user's CSV, and until when it works. */
export function exportLinkCard(maker: ExportLinkMaker | undefined, userKey: string, timeZone?: string): AdaptiveCardJson {
  const link = maker?.(userKey);
  if (!link) throw new AppError('EXPORT_UNAVAILABLE');
  const until = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: safeZone(timeZone) }).format(link.expiresAt);
  return noticeCard(
    'Your jobs as a CSV file',
    `Open the link to download every job in your collection (status, salary, dates, links and the number of events) as a CSV file for Excel or Sheets. The link is yours alone and works for 10 minutes, until ${until}; say "export" again for a new one.`,
    link.url,
  );
}
