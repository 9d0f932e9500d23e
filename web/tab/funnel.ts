import type { TabPipeline } from '../../src/tab/tabApi';
import { statuses, statusLabels, type Status } from '../../src/tracking/trackedJob';
import { h, replace } from './dom';
import { percent } from './format';

/** The definition the page shows next to the response rate. */
export const RESPONSE_RATE_DEFINITION =
  'Of the jobs you applied to, the share that moved past Applied: to an interview, an offer, or a rejection (an answer too). Ghosted, withdrawn and still-waiting applications count as no answer.';

/** Draws the funnel (Saved → Applied → Interviewing → Offer), the response rate and the count of each status. */
export function renderPipeline(container: HTMLElement, pipeline: TabPipeline, onStatus: (status: Status) => void): void {
  const top = Math.max(1, pipeline.funnel[0]?.count ?? 0);
  const bars = pipeline.funnel.map((stage, i) => {
    const previous = i > 0 ? pipeline.funnel[i - 1].count : undefined;
    const conversion = previous ? percent(stage.count / previous) : '';
    return h(
      'li',
      { class: `stage stage-${stage.status}`, 'data-status': stage.status },
      h('span', { class: 'stage-label' }, stage.label),
      h('span', { class: 'stage-track' }, bar(stage.count / top)),
      h('span', { class: 'stage-count' }, stage.count),
      h('span', { class: 'stage-conversion', title: i > 0 ? `of the jobs that reached ${pipeline.funnel[i - 1].label}` : undefined }, conversion && `${conversion}`),
    );
  });
  const { applied, responded, rate } = pipeline.response;
  const response = h(
    'div',
    { class: 'response', role: 'group', 'aria-labelledby': 'response-heading' },
    h('h3', { id: 'response-heading' }, 'Response rate'),
    h('p', { class: 'response-rate', 'data-testid': 'response-rate' }, percent(rate)),
    h('p', { class: 'response-counts' }, applied === 0 ? 'No applications yet' : `${responded} of ${applied} ${applied === 1 ? 'application' : 'applications'} got an answer`),
    h('p', { class: 'definition' }, RESPONSE_RATE_DEFINITION),
  );
  const chips = statuses.map((status) =>
    h('button', { type: 'button', class: `chip pill-${status}`, 'data-status': status, onclick: () => onStatus(status), title: `Show only ${statusLabels[status]}` }, statusLabels[status], h('span', { class: 'chip-count' }, pipeline.counts[status])),
  );
  replace(
    container,
    h('div', { class: 'funnel', role: 'group', 'aria-labelledby': 'funnel-heading' }, h('h3', { id: 'funnel-heading' }, 'Pipeline'), h('p', { class: 'definition' }, 'Jobs that reached at least each stage; the percentage is the share of the stage before.'), h('ol', { class: 'stages' }, ...bars)),
    response,
    h('div', { class: 'counts', role: 'group', 'aria-label': 'Jobs per status' }, ...chips),
  );
}

/** A bar as long as its share. Set through the CSSOM: the page's CSP allows no inline style attributes. */
function bar(share: number): HTMLElement {
  const element = h('span', { class: 'stage-bar' });
  element.style.width = `${Math.max(1, share * 100)}%`;
  return element;
}
