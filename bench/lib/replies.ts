/** What the bot sent back, as the local connector saw it: the replies to the activities a bench waits on. */

/** The content type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Replies the connector saw, for the inbound activities the driver is waiting on (and only those: memory stays flat). */
export class ReplyCollector {
  private readonly waiting = new Map<string, any[]>();

  /** Hook for the connector. */
  readonly onCall = (call: { kind: string; activityId?: string; body: any }) => {
    if (call.kind === 'reply' && call.activityId) this.waiting.get(call.activityId)?.push(call.body);
  };

  expect(activityId: string): void {
    this.waiting.set(activityId, []);
  }

  /** The messages sent in reply to the activity (typing indicators left out); forgets it. */
  take(activityId: string): any[] {
    const replies = this.waiting.get(activityId) ?? [];
    this.waiting.delete(activityId);
    return replies.filter((activity) => activity?.type === 'message');
  }
}

/** The card JSON of a reply (as text, for checks), or undefined when it carries none. */
export function cardTextOf(activity: any): string | undefined {
  const attachment = activity?.attachments?.[0];
  return attachment?.contentType === ADAPTIVE_CARD ? JSON.stringify(attachment.content) : undefined;
}

/** The card of an `adaptiveCard/action` invoke's HTTP answer (as text), or why there is none. */
export function invokeCardText(status: number, body: string): { card: string } | { problem: string } {
  if (status !== 200) return { problem: `HTTP ${status}` };
  let parsed: { statusCode?: number; type?: string; value?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return { problem: 'invoke answer is not JSON' };
  }
  if (parsed.statusCode !== 200 || parsed.type !== ADAPTIVE_CARD) return { problem: `invoke answered ${parsed.statusCode} ${parsed.type}` };
  return { card: JSON.stringify(parsed.value) };
}
