import type { TabComparison } from '../../src/tab/tabApi';
import { h, replace } from './dom';

/** Draws the comparison: a row per fact, a column per job, the best value of a row marked (as on the bot's card). */
export function renderComparison(container: HTMLElement, comparison: TabComparison, onClose: () => void): void {
  const [jobRow, ...rows] = comparison.rows;
  const table = h(
    'table',
    { class: 'compare' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Fact')), ...(jobRow?.cells ?? []).map((cell) => h('th', { scope: 'col' }, cell.text)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.label),
          ...row.cells.map((cell) => h('td', { class: cell.best ? 'best' : undefined }, cell.best && h('span', { 'aria-hidden': 'true' }, '★ '), cell.text, cell.best && h('span', { class: 'visually-hidden' }, ' (best)'))),
        ),
      ),
    ),
  );
  replace(
    container,
    h('header', { class: 'detail-header' }, h('h2', { id: 'compare-title' }, `Comparing ${comparison.jobs.length} jobs`), h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: onClose }, '×')),
    h('div', { class: 'compare-scroll' }, table),
    h('p', { class: 'muted' }, comparison.note || 'Salaries are compared per year; ★ marks the best value of a row.'),
  );
}
