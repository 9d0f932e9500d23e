import type { Remote } from '../postings/posting';
import type { Status } from '../tracking/trackedJob';

/**
 * The JSON the tab's API answers with: shared by the handlers and the page (`web/tab/`), which imports
 * these types only. Times are ISO 8601 strings.
 */

/** One row of the dashboard's table. */
export interface TabJob {
  id: string;
  postingId: string;
  status: Status;
  title: string;
  company: string;
  location: string;
  remote: Remote;
  employmentType: string;
  /** The pay as the posting states it ("USD 120,000 – 150,000 a year"); empty when it gives none. */
  salary: string;
  /** The pay per year (its top, else its bottom), to sort by; absent without a figure. */
  salaryPerYear?: number;
  salaryCurrency?: string;
  /** Match against the user's skills in percent, when the job's summary exists and the user has skills. */
  match?: number;
  posted?: string;
  expires?: string;
  /** The newest event of the job's journey. */
  lastChange: string;
  url: string;
  /** False once a re-check found the posting taken down. */
  open: boolean;
}

/** The pipeline: how far the jobs got, and how often employers answered. */
export interface TabPipeline {
  /** Jobs per current status. */
  counts: Record<Status, number>;
  /** Saved → Applied → Interviewing → Offer: jobs that reached at least each stage. */
  funnel: Array<{ status: Status; label: string; count: number }>;
  /** Of the jobs applied to, those that moved past Applied: an interview, an offer, or a rejection. */
  response: { applied: number; responded: number; rate?: number };
}

/** `GET /api/tab/jobs` */
export interface TabJobsResponse {
  jobs: TabJob[];
  /** Jobs in the collection (more than `jobs` when it was cut). */
  total: number;
  truncated: boolean;
  pipeline: TabPipeline;
  /** True when the caller is local mode's development identity. */
  dev: boolean;
}

/** `GET /api/tab/jobs/:id` */
export interface TabJobDetail {
  job: TabJob;
  /** "Applied for 3 days" */
  stage: string;
  /** Every status, in the order a journey takes, with the ones the cards suggest next marked. */
  statuses: Array<{ status: Status; label: string; suggested: boolean }>;
  /** The journey, oldest first, in the caller's time zone (the bot's timeline wording). */
  timeline: Array<{ at: string; what: string }>;
  /** Older entries that were not included. */
  hiddenCount: number;
  /** Every note, newest first. */
  notes: Array<{ id: string; text: string; at: string }>;
}

/** `POST /api/tab/compare`: the bot's comparison, a row per fact and a cell per job. */
export interface TabComparison {
  jobs: Array<{ id: string; title: string }>;
  rows: Array<{ label: string; cells: Array<{ text: string; best: boolean }> }>;
  note: string;
}

/** `POST /api/tab/export-link`: a signed download path, valid for ten minutes. */
export interface TabExportLink {
  url: string;
  expiresAt: string;
}

/** Every refusal: a stable code from the error catalogue and the sentence to show. */
export interface TabErrorBody {
  error: { code: string; message: string };
}
