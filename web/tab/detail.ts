import type { TabJobDetail } from '../../src/tab/tabApi';
import type { Status } from '../../src/tracking/trackedJob';
import { h, replace } from './dom';
import { formatAgo, formatDate, formatRemote } from './format';

/** What the job panel asks the page to do. */
export interface DetailEvents {
  onStatus(status: Status): void;
  onAddNote(text: string): void;
  onDeleteNote(noteId: string): void;
  onClose(): void;
}

/** Notes longer than this are refused by the server; the box says so before sending. */
const MAX_NOTE_LENGTH = 2000;

/** Draws one job: its facts, status buttons, notes and journey. */
export function renderDetail(container: HTMLElement, detail: TabJobDetail, events: DetailEvents): void {
  const { job } = detail;
  const facts: Array<[string, string]> = [
    ['Salary', job.salary || '—'],
    ['Location', [job.location, formatRemote(job.remote)].filter(Boolean).join(' · ') || '—'],
    ['Type', job.employmentType || '—'],
    ['Posted', formatDate(job.posted)],
    ['Expires', formatDate(job.expires)],
    ['Match', job.match === undefined ? '—' : `${job.match}%`],
  ];
  const statusButtons = detail.statuses.map((s) =>
    h(
      'button',
      {
        type: 'button',
        class: `status-button${s.suggested ? ' suggested' : ''}`,
        'aria-pressed': s.status === job.status ? 'true' : 'false',
        disabled: s.status === job.status,
        'data-status': s.status,
        onclick: () => events.onStatus(s.status),
      },
      s.label,
    ),
  );
  const noteBox = h('textarea', { id: 'note-text', rows: 3, maxlength: MAX_NOTE_LENGTH, placeholder: 'Called the recruiter, next round on Friday…', 'aria-label': 'New note' });
  const noteForm = h(
    'form',
    {
      class: 'note-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const text = noteBox.value.trim();
        if (text) events.onAddNote(text);
      },
    },
    noteBox,
    h('button', { type: 'submit', class: 'primary' }, 'Add note'),
  );
  const notes =
    detail.notes.length === 0
      ? h('p', { class: 'muted' }, 'No notes yet.')
      : h(
          'ul',
          { class: 'notes' },
          ...detail.notes.map((note) =>
            h(
              'li',
              { 'data-note-id': note.id },
              h('p', { class: 'note-text' }, note.text),
              h('span', { class: 'muted' }, h('time', { datetime: note.at }, formatAgo(note.at))),
              h('button', { type: 'button', class: 'link danger', 'aria-label': 'Delete this note', onclick: () => events.onDeleteNote(note.id) }, 'Delete'),
            ),
          ),
        );
  const timeline = h(
    'ol',
    { class: 'timeline' },
    ...detail.timeline.map((entry) => h('li', {}, h('span', { class: 'when' }, entry.at), h('span', { class: 'what' }, entry.what))),
    detail.hiddenCount > 0 && h('li', { class: 'muted' }, `${detail.hiddenCount} older entries not shown`),
  );
  replace(
    container,
    h(
      'header',
      { class: 'detail-header' },
      h('div', {}, h('h2', { id: 'detail-title' }, job.title || 'Untitled job'), h('p', { class: 'subtitle' }, job.company || '—', h('span', { class: `pill pill-${job.status}` }, detail.stage))),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: () => events.onClose() }, '×'),
    ),
    h('dl', { class: 'facts' }, ...facts.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value)))),
    job.url && h('p', { class: 'posting-link' }, h('a', { href: job.url, target: '_blank', rel: 'noopener noreferrer' }, 'Open the posting ↗')),
    h('section', { 'aria-labelledby': 'status-heading' }, h('h3', { id: 'status-heading' }, 'Status'), h('div', { class: 'status-buttons' }, ...statusButtons)),
    h('section', { 'aria-labelledby': 'notes-heading' }, h('h3', { id: 'notes-heading' }, 'Notes'), noteForm, notes),
    h('section', { 'aria-labelledby': 'timeline-heading' }, h('h3', { id: 'timeline-heading' }, 'Timeline'), timeline),
  );
}
