import { randomUUID } from 'node:crypto';

/** A Teams user as tests see them. */
export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
  tenantId: string;
}

/** A user with fresh ids. */
export function testUser(name = 'Ada Lovelace', tenantId = 'tenant-1'): TestUser {
  return { id: `29:${randomUUID()}`, aadObjectId: randomUUID(), name, tenantId };
}

export const BOT = { id: '28:job-tracker-bot', name: 'Job Tracker' };

/** A Teams message in the user's personal chat with the bot. */
export function personalMessage(serviceUrl: string, user: TestUser, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: `msg-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    localTimezone: 'Europe/Berlin',
    channelId: 'msteams',
    serviceUrl,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: user.tenantId },
    recipient: BOT,
    channelData: { tenant: { id: user.tenantId } },
    text,
    textFormat: 'plain',
    ...extra,
  };
}

/** A Teams message in a group chat; `mention` puts the bot's @mention in front of the text. */
export function groupMessage(serviceUrl: string, user: TestUser, text: string, mention = true) {
  const mentionText = `<at>${BOT.name}</at>`;
  return {
    ...personalMessage(serviceUrl, user, mention ? `${mentionText} ${text}` : text),
    conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: user.tenantId },
    entities: mention ? [{ type: 'mention', text: mentionText, mentioned: BOT }] : [],
  };
}

/** A Universal Action click (`Action.Execute`) on a card, as Teams sends it. */
export function cardAction(serviceUrl: string, user: TestUser, verb: string, data: Record<string, unknown>, options: { group?: boolean; id?: string; replyToId?: string } = {}) {
  const base = personalMessage(serviceUrl, user, '');
  const { text: _text, textFormat: _format, ...rest } = base;
  return {
    ...rest,
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: options.id ?? `inv-${randomUUID()}`,
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    ...(options.group ? { conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: user.tenantId } } : {}),
    value: { action: { type: 'Action.Execute', verb, data: { verb, ...data } }, trigger: 'manual' },
  };
}

/** A card button from a client without Universal Actions (`Action.Submit`): a message carrying the button's data. */
export function cardSubmit(serviceUrl: string, user: TestUser, data: Record<string, unknown>) {
  const { text: _text, ...rest } = personalMessage(serviceUrl, user, '');
  return { ...rest, value: data };
}
