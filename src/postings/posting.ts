import { z } from 'zod';

/** Where a posting's facts came from. ATS names mean their public JSON API was read. */
export const postingSources = [
  'greenhouse', 'lever', 'ashby', 'smartrecruiters', 'workday', 'workable', 'recruitee', 'bamboohr', 'personio', 'teamtailor',
  'jsonld', 'html', 'text',
] as const;
export type PostingSource = (typeof postingSources)[number];

export const remoteKinds = ['remote', 'hybrid', 'onsite', 'unknown'] as const;
export type Remote = (typeof remoteKinds)[number];

export const salaryUnits = ['hour', 'day', 'week', 'month', 'year'] as const;
export type SalaryUnit = (typeof salaryUnits)[number];

/** A pay range as the posting states it; `min` equals `max` for a single figure. */
export const salarySchema = z.object({
  min: z.number().nonnegative().optional(),
  max: z.number().nonnegative().optional(),
  currency: z.string().length(3).optional(),
  unit: z.enum(salaryUnits).optional(),
});
export type Salary = z.infer<typeof salarySchema>;

/** A location as text, with its parts when the source gives them. */
export const locationSchema = z.object({
  text: z.string(),
  city: z.string().optional(),
  region: z.string().optional(),
  country: z.string().optional(),
});
export type Location = z.infer<typeof locationSchema>;

/** Named sections of a posting, when the source marks them (ATS section data or headings). */
export const sectionsSchema = z.record(z.string(), z.array(z.string()));

/** The description is kept as plain text, capped so a document stays far below MongoDB's limits. */
export const MAX_DESCRIPTION_CHARS = 100_000;

/** What the extractor knows about one job posting. Absent facts are `undefined`, never guessed. */
export const extractedPostingSchema = z.object({
  source: z.enum(postingSources),
  url: z.string(),
  title: z.string().optional(),
  company: z.string().optional(),
  location: locationSchema.optional(),
  remote: z.enum(remoteKinds),
  employmentType: z.string().optional(),
  salary: salarySchema.optional(),
  datePosted: z.date().optional(),
  validThrough: z.date().optional(),
  description: z.string().max(MAX_DESCRIPTION_CHARS).optional(),
  sections: sectionsSchema.optional(),
});
export type ExtractedPosting = z.infer<typeof extractedPostingSchema>;

/** A posting as stored: one per canonical URL. */
export interface Posting extends ExtractedPosting {
  /** Hash of the canonical URL (or of the text, for pasted postings). */
  id: string;
  canonicalUrl: string;
  fetchedAt: Date;
  lastCheckedAt: Date;
  open: boolean;
}
