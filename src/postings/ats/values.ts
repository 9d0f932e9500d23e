import type { Remote } from '../posting';
import { text } from './json';

/** A date from epoch milliseconds, an ISO string, "YYYY-MM-DD" or Recruitee's "YYYY-MM-DD HH:MM:SS UTC"; undefined when unreadable. */
export function dateFrom(value: unknown): Date | undefined {
  if (typeof value === 'number') return validDate(new Date(value));
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const iso = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(:\d{2})?) UTC$/, '$1T$2Z');
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined;
  return validDate(new Date(iso));
}

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A workplace word ("Remote", "OnSite", "on_site", "Hybrid", "TELECOMMUTE") as a remote kind; undefined when it says none. */
export function remoteFromWord(word: unknown): Remote | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.toLowerCase();
  if (w.includes('hybrid')) return 'hybrid';
  if (/remote|telecommut|work from home/.test(w)) return 'remote';
  if (/on[-_ ]?site|in[-_ ]office|in[-_ ]person/.test(w)) return 'onsite';
  return undefined;
}

const EMPLOYMENT_LABELS: Record<string, string> = {
  fulltime: 'Full-time',
  full: 'Full-time',
  parttime: 'Part-time',
  part: 'Part-time',
  fullorparttime: 'Full-time or part-time',
  intern: 'Internship',
  internship: 'Internship',
  contract: 'Contract',
  contractor: 'Contract',
  temporary: 'Temporary',
  permanent: 'Permanent',
  fixedterm: 'Fixed-term',
  freelance: 'Freelance',
  trainee: 'Traineeship',
  traineeship: 'Traineeship',
  workingstudent: 'Working student',
  volunteer: 'Volunteer',
};

/** An employment-type code ("FullTime", "FULL_TIME", "full-time", "permanent") as a label; other text is kept as written. */
export function employmentLabel(code: unknown): string | undefined {
  const written = text(code);
  if (!written) return undefined;
  return EMPLOYMENT_LABELS[written.toLowerCase().replace(/[^a-z]/g, '')] ?? written;
}

/** Several employment codes (Personio's schedule and contract, Recruitee's "fulltime_permanent") as one label. */
export function employmentLabels(codes: unknown[]): string | undefined {
  const labels = codes.map(employmentLabel).filter((label): label is string => label !== undefined);
  if (labels.length === 0) return undefined;
  return [labels[0], ...labels.slice(1).map((label) => label.toLowerCase())].join(', ');
}
