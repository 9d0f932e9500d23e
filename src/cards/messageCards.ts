import helpTemplate from '../../cards/help.json';
import noticeTemplate from '../../cards/notice.json';
import choiceTemplate from '../../cards/choice.json';
import pasteTextTemplate from '../../cards/pasteText.json';
import { AppError, errorCatalogue } from '../errors';
import { renderCard, type AdaptiveCardJson } from './render';
import { escapeMarkdown, truncate } from './text';

/** One line of the help card. */
export interface HelpCommand {
  example: string;
  does: string;
}

/** What `cards/help.json` shows. */
export interface HelpCardData {
  heading: string;
  intro: string;
  commands: HelpCommand[];
}

/** What `cards/notice.json` shows: a short message, usually about something that went wrong. */
export interface NoticeCardData {
  heading: string;
  message: string;
  /** `attention` for errors, `warning` for things the user can fix, `default` otherwise. */
  color: 'attention' | 'warning' | 'default';
  /** The link or text the message is about, shown literally. */
  subject: string;
  url: string;
}

/** The help card: what the bot can do. */
export function helpCard(commands: HelpCommand[], intro = ''): AdaptiveCardJson {
  return renderCard<HelpCardData>(helpTemplate, {
    heading: 'Job Tracker: what I can do',
    intro: escapeMarkdown(intro),
    commands: commands.map((c) => ({ example: escapeMarkdown(c.example), does: escapeMarkdown(c.does) })),
  });
}

/** A card that explains an error to the user and says what to do next. */
export function errorCard(error: AppError, subject = ''): AdaptiveCardJson {
  const fixable = error.code !== 'INTERNAL' && error.code !== 'DATABASE_UNAVAILABLE';
  return renderCard<NoticeCardData>(noticeTemplate, {
    heading: headings[error.code] ?? (fixable ? 'I could not use that' : 'Something went wrong'),
    message: escapeMarkdown(errorCatalogue[error.code]),
    color: fixable ? 'warning' : 'attention',
    subject: truncate(subject, 300),
    url: '',
  });
}

const headings: Partial<Record<AppError['code'], string>> = {
  NO_URL: 'No job link found',
  NOT_A_JOB: 'No job posting on that page',
  BLOCKED_SITE: 'That site blocks bots',
  FETCH_TIMEOUT: 'The job site timed out',
  FETCH_NOT_FOUND: 'That posting is gone',
  FETCH_BLOCKED_ADDRESS: 'I will not open that address',
  DATABASE_UNAVAILABLE: 'Try again in a moment',
};

/** What `cards/choice.json` shows: jobs to pick from when a word matched several. */
export interface ChoiceCardData {
  heading: string;
  choices: Array<{ title: string; postingId: string }>;
}

/** A card that asks which of several jobs the user meant. */
export function choiceCard(heading: string, choices: Array<{ title: string; postingId: string }>): AdaptiveCardJson {
  return renderCard<ChoiceCardData>(choiceTemplate, { heading: escapeMarkdown(heading), choices: choices.map((c) => ({ ...c, title: truncate(c.title, 160) })) });
}

/** A short informational card (not an error). */
export function noticeCard(heading: string, message: string, url = ''): AdaptiveCardJson {
  return renderCard<NoticeCardData>(noticeTemplate, { heading: escapeMarkdown(heading), message: escapeMarkdown(message), color: 'default', subject: '', url: /^https?:\/\//i.test(url) ? url : '' });
}

/** What `cards/pasteText.json` shows: a link we may not read, and a box for the posting's text. */
export interface PasteTextCardData {
  heading: string;
  message: string;
  url: string;
}

/** The answer to a link whose site blocks bots: keeps the link and asks for the posting's text. */
export function pasteTextCard(url: string): AdaptiveCardJson {
  return renderCard<PasteTextCardData>(pasteTextTemplate, {
    heading: 'That site blocks bots',
    message: escapeMarkdown(errorCatalogue.BLOCKED_SITE),
    url: truncate(url, 2000),
  });
}
