import template from '../../cards/timeline.json';
import type { JourneyEvent } from '../tracking/events';
import type { JobView } from '../tracking/trackingService';
import { isStatus, statusLabels } from '../tracking/trackedJob';
import { formatDateTime, formatDuration } from './format';
import { renderCard, type AdaptiveCardJson } from './render';
import { truncate } from './text';

/** What `cards/timeline.json` shows. */
export interface TimelineCardData {
  postingId: string;
  title: string;
  companySuffix: string;
  stage: string;
  entries: Array<{ at: string; what: string }>;
  hiddenCount: number;
}

/** A card shows at most this many entries; older ones are counted, not shown. */
const MAX_ENTRIES = 40;
/** Bytes the entries may take, so the card stays under the limit whatever the script of the notes. */
const MAX_ENTRY_BYTES = 24_000;

/** The data of a job's journey, in the viewer's time zone. */
export function timelineCardData(view: JobView, events: readonly JourneyEvent[], options: { timeZone?: string; now?: Date } = {}): TimelineCardData {
  const entries = events.map((event) => ({ at: formatDateTime(event.at, options.timeZone), what: describe(event, options.timeZone) }));
  let shown = entries.slice(-MAX_ENTRIES);
  while (shown.length > 1 && Buffer.byteLength(JSON.stringify(shown)) > MAX_ENTRY_BYTES) shown = shown.slice(1);
  return {
    postingId: view.posting.id,
    title: truncate(view.posting.title ?? 'Untitled job', 150),
    companySuffix: view.posting.company ? ` · ${truncate(view.posting.company, 80)}` : '',
    stage: `${statusLabels[view.job.status]} ${formatDuration(view.job.statusChangedAt, options.now ?? new Date())}`,
    entries: shown,
    hiddenCount: entries.length - shown.length,
  };
}

/** The journey card. */
export function timelineCard(view: JobView, events: readonly JourneyEvent[], options: { timeZone?: string; now?: Date } = {}): AdaptiveCardJson {
  return renderCard(template, timelineCardData(view, events, options));
}

function describe(event: JourneyEvent, timeZone?: string): string {
  const label = (value: unknown) => (isStatus(value) ? statusLabels[value] : String(value ?? ''));
  switch (event.type) {
    case 'captured':
      return 'Saved to your collection';
    case 'status':
      return `${label(event.data.from)} → ${label(event.data.to)}`;
    case 'note':
      return `Note: ${truncate(String(event.data.text ?? ''), 200)}`;
    case 'reminderSet':
      return typeof event.data.dueAt === 'string' ? `Reminder set for ${formatDateTime(new Date(event.data.dueAt), timeZone)}` : 'Reminder set';
    case 'reminderSent':
      return 'Reminder sent';
    case 'notice':
      return event.data.kind === 'closed' ? 'Notice: the posting was taken down' : event.data.kind === 'expiry' ? 'Notice: the posting expires soon' : 'Notice sent';
  }
}
