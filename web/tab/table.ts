import type { TabJob } from '../../src/tab/tabApi';
import { statuses, statusLabels, type Status } from '../../src/tracking/trackedJob';
import { h, replace } from './dom';
import { formatAgo, formatDate, formatRemote } from './format';

/** The columns one can sort by. */
export type SortKey = 'status' | 'company' | 'title' | 'location' | 'salary' | 'match' | 'expires' | 'lastChange';

/** How the table is filtered and sorted. */
export interface TableView {
  status: Status | '';
  text: string;
  sort: SortKey;
  descending: boolean;
}

/** Newest change first, all statuses. */
export const DEFAULT_VIEW: TableView = { status: '', text: '', sort: 'lastChange', descending: true };

/** The jobs the filters let through: the status, and every word of the text in the title, company or location. */
export function filterJobs(jobs: readonly TabJob[], view: Pick<TableView, 'status' | 'text'>): TabJob[] {
  const words = view.text.toLowerCase().split(/\s+/).filter(Boolean);
  return jobs.filter((job) => {
    if (view.status && job.status !== view.status) return false;
    const haystack = `${job.title} ${job.company} ${job.location}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

const STATUS_ORDER = new Map(statuses.map((s, i) => [s, i]));

/** The sortable value of a column; undefined (no figure) sorts last whichever the direction. */
function sortValue(job: TabJob, key: SortKey): string | number | undefined {
  switch (key) {
    case 'status':
      return STATUS_ORDER.get(job.status);
    case 'company':
    case 'title':
    case 'location':
      return job[key].toLowerCase() || undefined;
    case 'salary':
      return job.salaryPerYear;
    case 'match':
      return job.match;
    case 'expires':
      return job.expires ? Date.parse(job.expires) : undefined;
    case 'lastChange':
      return Date.parse(job.lastChange);
  }
}

/** The jobs in the view's order; ties keep the newest change first. */
export function sortJobs(jobs: readonly TabJob[], view: Pick<TableView, 'sort' | 'descending'>): TabJob[] {
  const direction = view.descending ? -1 : 1;
  return [...jobs].sort((a, b) => {
    const x = sortValue(a, view.sort);
    const y = sortValue(b, view.sort);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
    } else if (x !== y) {
      return (typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number)) * direction;
    }
    return Date.parse(b.lastChange) - Date.parse(a.lastChange) || a.id.localeCompare(b.id);
  });
}

/** The table's columns: key, header, and how a cell shows a job. */
const COLUMNS: Array<{ key: SortKey; label: string; cell: (job: TabJob) => Node | string }> = [
  { key: 'status', label: 'Status', cell: (job) => statusPill(job.status) },
  { key: 'company', label: 'Company', cell: (job) => job.company || '—' },
  { key: 'title', label: 'Title', cell: (job) => h('span', { class: 'title' }, job.title || 'Untitled job', !job.open && h('span', { class: 'closed', title: 'The posting was taken down' }, 'closed')) },
  { key: 'location', label: 'Location', cell: (job) => [job.location, formatRemote(job.remote)].filter(Boolean).join(' · ') || '—' },
  { key: 'salary', label: 'Salary', cell: (job) => job.salary || '—' },
  { key: 'match', label: 'Match', cell: (job) => (job.match === undefined ? '—' : `${job.match}%`) },
  { key: 'expires', label: 'Expires', cell: (job) => formatDate(job.expires) },
  { key: 'lastChange', label: 'Last change', cell: (job) => h('time', { datetime: job.lastChange, title: new Date(job.lastChange).toLocaleString() }, formatAgo(job.lastChange)) },
];

/** A status as a coloured label. */
export function statusPill(status: Status): HTMLElement {
  return h('span', { class: `pill pill-${status}` }, statusLabels[status]);
}

/** What the table reports back. */
export interface TableEvents {
  onSort(key: SortKey): void;
  onOpen(job: TabJob): void;
  onSelect(jobId: string, selected: boolean): void;
}

/** Draws the table of jobs into `container`. */
export function renderTable(container: HTMLElement, jobs: readonly TabJob[], view: TableView, selected: ReadonlySet<string>, events: TableEvents): void {
  const header = h(
    'tr',
    {},
    h('th', { class: 'select', scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select')),
    ...COLUMNS.map((column) => {
      const sorted = view.sort === column.key;
      return h(
        'th',
        { scope: 'col', 'aria-sort': sorted ? (view.descending ? 'descending' : 'ascending') : 'none', 'data-key': column.key },
        h('button', { type: 'button', class: 'sort', onclick: () => events.onSort(column.key) }, column.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, sorted ? (view.descending ? '▼' : '▲') : '')),
      );
    }),
  );
  const rows = jobs.map((job) => {
    const checkbox = h('input', {
      type: 'checkbox',
      'aria-label': `Select ${job.title || 'job'} for comparing`,
      checked: selected.has(job.id),
      onclick: (event: Event) => event.stopPropagation(),
      onchange: (event: Event) => events.onSelect(job.id, (event.target as HTMLInputElement).checked),
    });
    const row = h(
      'tr',
      { class: selected.has(job.id) ? 'selected' : undefined, 'data-job-id': job.id, tabindex: 0, title: 'Open this job' },
      h('td', { class: 'select' }, checkbox),
      ...COLUMNS.map((column) => h('td', { 'data-key': column.key }, column.cell(job))),
    );
    row.addEventListener('click', () => events.onOpen(job));
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') events.onOpen(job);
    });
    return row;
  });
  const body = rows.length > 0 ? h('tbody', {}, ...rows) : h('tbody', {}, h('tr', {}, h('td', { colspan: COLUMNS.length + 1, class: 'empty' }, 'No jobs match these filters.')));
  replace(container, h('table', { class: 'jobs' }, h('thead', {}, header), body));
}
