import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready to send. */
export type AdaptiveCardJson = Record<string, unknown>;

/** The attachment content type Teams expects for Adaptive Cards. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Cards stay under this size: Teams refuses larger activities (about 40 KB of card JSON). */
export const MAX_CARD_BYTES = 40_000;

/**
 * Templates parsed once per template: parsing a template's expressions (an ANTLR grammar) cost more than
 * the rest of a turn. A parsed template can be expanded with any data, again and again.
 */
const parsed = new WeakMap<object, ACData.Template>();

/** Binds a template from `cards/` to its data. Data values are substituted as text, never evaluated. */
export function renderCard<T extends object>(template: object, data: T): AdaptiveCardJson {
  let prepared = parsed.get(template);
  if (!prepared) parsed.set(template, (prepared = new ACData.Template(template)));
  const card = prepared.expand({ $root: data }) as AdaptiveCardJson;
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > MAX_CARD_BYTES) throw new Error(`card is ${size} bytes, over the ${MAX_CARD_BYTES} limit: its data must be cut first`);
  return card;
}

/** A card wrapped as a message attachment. */
export function cardAttachment(card: AdaptiveCardJson): { contentType: string; content: AdaptiveCardJson } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
