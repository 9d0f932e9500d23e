/** Readers for untyped JSON from ATS APIs: each returns `undefined` rather than trusting a shape. */

/** A JSON object as a record, or undefined for anything else (arrays included). */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The items of a JSON array, or an empty list. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The JSON objects of an array, skipping anything else. */
export function records(value: unknown): Record<string, unknown>[] {
  return list(value)
    .map(record)
    .filter((item): item is Record<string, unknown> => item !== undefined);
}

/** A trimmed, whitespace-collapsed non-empty string, or undefined. Numbers are written out. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A finite number, from a number or a numeric string ("75000"), or undefined. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** An id as a string, from a number or a string, for comparing ids across shapes. */
export function idOf(value: unknown): string | undefined {
  return text(value)?.toLowerCase();
}

/** The first item whose id (read by `idIn`) equals `id`, ignoring case. */
export function findById<T>(items: T[], id: string, idIn: (item: T) => unknown): T | undefined {
  const wanted = id.trim().toLowerCase();
  return items.find((item) => idOf(idIn(item)) === wanted);
}
