import type { Activity, ConversationReference } from 'botbuilder';
import type { ConversationReferenceData } from '../profile/user';

/**
 * The key of the person behind an activity: `tenantId:aadObjectId` in Teams. Local clients without
 * Entra ids (the Agents Playground) fall back to the channel's user id. In production the activity
 * itself was authenticated by the adapter, so these fields come from Teams, not from the user.
 */
export function userKeyOf(activity: Partial<Activity>): string {
  const tenant = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const aad = activity.from?.aadObjectId;
  if (tenant && aad) return `${tenant}:${aad}`;
  return `${activity.channelId ?? 'unknown'}:${activity.from?.id ?? 'anonymous'}`;
}

/** The user's IANA time zone, as Teams reports it on each activity. */
export function timeZoneOf(activity: Partial<Activity>): string | undefined {
  const zone = activity.localTimezone;
  return typeof zone === 'string' && zone.length < 64 ? zone : undefined;
}

/** Whether the activity comes from a one-to-one chat with the bot. */
export function isPersonal(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return type === 'personal' || (!type && !activity.conversation?.isGroup);
}

/** The conversation reference as plain data, for storage. */
export function referenceData(reference: Partial<ConversationReference>): ConversationReferenceData | undefined {
  if (!reference.serviceUrl || !reference.conversation?.id || !reference.bot?.id || !reference.user?.id) return undefined;
  return {
    serviceUrl: reference.serviceUrl,
    channelId: reference.channelId ?? 'msteams',
    conversation: {
      id: reference.conversation.id,
      conversationType: reference.conversation.conversationType,
      tenantId: reference.conversation.tenantId,
      isGroup: reference.conversation.isGroup,
    },
    bot: { id: reference.bot.id, name: reference.bot.name },
    user: { id: reference.user.id, name: reference.user.name, aadObjectId: reference.user.aadObjectId },
    locale: reference.locale,
  };
}
