import { extractedPostingSchema, MAX_DESCRIPTION_CHARS, type ExtractedPosting, type Remote } from '../posting';

/** What an ATS reader found, before it is checked against the posting schema. */
export type PostingDraft = Omit<ExtractedPosting, 'remote'> & { remote?: Remote };

/** The draft as a validated posting: empty fields dropped, description capped, `remote` defaulting to 'unknown'. */
export function finish(draft: PostingDraft): ExtractedPosting {
  const candidate: Record<string, unknown> = { ...draft, remote: draft.remote ?? 'unknown', description: capped(draft.description) };
  if (draft.sections && Object.keys(draft.sections).length === 0) delete candidate.sections;
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
  // A failure here is a bug in a reader, not bad input: readers only copy values they have checked.
  return extractedPostingSchema.parse(candidate);
}

function capped(description: string | undefined): string | undefined {
  if (!description) return undefined;
  if (description.length <= MAX_DESCRIPTION_CHARS) return description;
  const cut = description.slice(0, MAX_DESCRIPTION_CHARS);
  // Never leave half of a surrogate pair at the end.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
