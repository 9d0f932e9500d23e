/** The stages of an application, in the order a hopeful journey takes. */
export const statuses = ['saved', 'applied', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn', 'ghosted'] as const;
/** One stage of an application. */
export type Status = (typeof statuses)[number];

/** Words a person reads for each status. */
export const statusLabels: Record<Status, string> = {
  saved: 'Saved',
  applied: 'Applied',
  interviewing: 'Interviewing',
  offer: 'Offer',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  ghosted: 'Ghosted',
};

/** Whether a value names a known status. */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (statuses as readonly string[]).includes(value);
}

/** One user's tracking of one posting. */
export interface TrackedJob {
  id: string;
  userKey: string;
  postingId: string;
  status: Status;
  createdAt: Date;
  updatedAt: Date;
  /** When the job entered its current status. */
  statusChangedAt: Date;
}

/** Storage of tracked jobs; every call names the owner, so no user reaches another's jobs. */
export interface TrackedJobRepository {
  /** Inserts the job unless this user already tracks this posting; `created` says which. */
  insertOnce(job: TrackedJob): Promise<{ job: TrackedJob; created: boolean }>;
  find(userKey: string, jobId: string): Promise<TrackedJob | undefined>;
  ensureIndexes(): Promise<void>;
}
