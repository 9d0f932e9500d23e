// The npm `main` of adaptivecards is untranspiled ESM with extensionless imports; its UMD bundle loads in Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

/** What the `adaptivecards` parser said about a card: unknown elements, bad values, validation events. */
export function cardProblems(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}

/** The Adaptive Card content of a sent activity. */
export function cardOf(activity: any): any {
  const attachment = activity?.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error(`not a card: ${JSON.stringify(activity).slice(0, 300)}`);
  return attachment.content;
}

/** Every text shown on a card (TextBlocks, TextRuns, facts), joined by newlines, for assertions. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (typeof node.text === 'string') out.push(node.text);
    if (typeof node.title === 'string' && typeof node.value === 'string') out.push(`${node.title}: ${node.value}`);
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(card.body ?? card);
  return out.join('\n');
}
