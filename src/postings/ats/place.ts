import type { Location } from '../posting';
import { text } from './json';

/** A location from its text and parts; the text is composed from the parts when the source gives none. */
export function locationFrom(fields: { text?: unknown; city?: unknown; region?: unknown; country?: unknown }): Location | undefined {
  const city = text(fields.city);
  const region = text(fields.region);
  const country = countryName(fields.country);
  const whole = text(fields.text) ?? placeText([city, region, country]);
  if (!whole) return undefined;
  return { text: whole, ...(city && { city }), ...(region && { region }), ...(country && { country }) };
}

/** Place parts joined with commas, skipping blanks and repeats. */
export function placeText(parts: (string | undefined)[]): string | undefined {
  const kept = [...new Set(parts.map((part) => text(part)).filter((part): part is string => !!part))];
  return kept.length > 0 ? kept.join(', ') : undefined;
}

/** Several places as one text: "London; Stockholm". */
export function joinPlaces(places: (string | undefined)[]): string | undefined {
  const kept = [...new Set(places.map((place) => text(place)).filter((place): place is string => !!place))];
  return kept.length > 0 ? kept.join('; ') : undefined;
}

/** A country as the source names it; two-letter codes ("ph", "GB") are upper-cased. */
function countryName(value: unknown): string | undefined {
  const name = text(value);
  return name && /^[a-z]{2}$/i.test(name) ? name.toUpperCase() : name;
}
