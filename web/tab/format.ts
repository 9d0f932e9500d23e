import type { Remote } from '../../src/postings/posting';

/**
 * Dates are shown in the viewer's time zone, except calendar dates a posting gave without a time
 * (stored as midnight UTC), which stay that day everywhere.
 */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const dateOnly = iso.endsWith('T00:00:00.000Z');
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', ...(dateOnly ? { timeZone: 'UTC' } : {}) }).format(date);
}

/** A moment as "3 days ago", or its date when older than two weeks. */
export function formatAgo(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const minutes = Math.floor((now - date.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 14) return days === 1 ? 'yesterday' : `${days} days ago`;
  return formatDate(iso);
}

/** Words for the remote kind ('' when unknown). */
export function formatRemote(remote: Remote): string {
  return { remote: 'Remote', hybrid: 'Hybrid', onsite: 'On-site', unknown: '' }[remote];
}

/** A share as a whole percentage. */
export function percent(share: number | undefined): string {
  return share === undefined ? '—' : `${Math.round(share * 100)}%`;
}
