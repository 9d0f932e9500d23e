import template from '../../cards/profile.json';
import type { User } from '../profile/user';
import { renderCard, type AdaptiveCardJson } from './render';
import { escapeMarkdown, truncate } from './text';

/** What `cards/profile.json` shows. */
export interface ProfileCardData {
  notice: string;
  noticeColor: 'good' | 'attention' | 'default';
  skillsHeading: string;
  skillsText: string;
  unknownText: string;
  skillsInput: string;
  timeZone: string;
  expiryNotices: string;
}

/** The profile card: skills (shown and editable), time zone, notice preferences. */
export function profileCard(user: Pick<User, 'skills' | 'timeZone' | 'expiryNoticeDays'>, options: { notice?: string; noticeColor?: ProfileCardData['noticeColor']; unknown?: string[] } = {}): AdaptiveCardJson {
  const days = user.expiryNoticeDays === undefined ? 3 : user.expiryNoticeDays;
  return renderCard<ProfileCardData>(template, {
    notice: escapeMarkdown(options.notice ?? ''),
    noticeColor: options.noticeColor ?? 'good',
    skillsHeading: user.skills.length ? `Skills (${user.skills.length})` : 'No skills yet: add them to see how well each job matches you.',
    skillsText: truncate(user.skills.join(', '), 3000),
    unknownText: options.unknown?.length ? escapeMarkdown(`Kept as you typed them (not in my skill list): ${truncate(options.unknown.join(', '), 500)}`) : '',
    skillsInput: truncate(user.skills.join(', '), 3000),
    timeZone: user.timeZone ?? 'not known yet (Teams sends it with your messages)',
    expiryNotices: days === null ? 'off (say "notices expiry 3" to turn them on)' : `${days} days before a saved job expires, and on its last day`,
  });
}
