import './styles.css';
import type { TabJob, TabJobsResponse } from '../../src/tab/tabApi';
import { statuses, statusLabels, type Status } from '../../src/tracking/trackedJob';
import { ApiError, TabApiClient, type Credentials } from './api';
import { renderComparison } from './compare';
import { renderDetail } from './detail';
import { h, replace } from './dom';
import { renderPipeline } from './funnel';
import { DEFAULT_VIEW, filterJobs, renderTable, sortJobs, type SortKey, type TableView } from './table';
import { connectToTeams } from './teams';

/**
 * The dashboard tab: the user's collection as a filterable, sortable table, the pipeline, comparing 2–4 jobs,
 * one job's status, notes and journey, and the CSV export. Every change goes through the API, which calls the
 * same domain functions the bot does.
 */

/** Shown when Teams cannot give the page a token (consent not granted, SSO not set up for the app). */
const SSO_FAILED = 'Teams could not sign you in to Job Tracker. Reload the tab; if this keeps happening, ask your Teams admin to grant the app consent.';

/** Between two and four jobs can be compared (as in the bot). */
const COMPARE_MIN = 2;
const COMPARE_MAX = 4;

interface State {
  data?: TabJobsResponse;
  view: TableView;
  selected: Set<string>;
  openJobId?: string;
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const localMode = document.body.dataset.mode === 'local';
  const teams = await connectToTeams();
  if (teams) applyTheme(teams.theme);
  teams?.onThemeChange(applyTheme);
  let credentials: Credentials;
  if (teams) credentials = { kind: 'sso', token: () => teams.token().catch(() => Promise.reject(new ApiError(401, 'SSO_FAILED', SSO_FAILED))) };
  else if (localMode) credentials = { kind: 'dev' };
  else return showOutsideTeams(root);
  new Dashboard(root, new TabApiClient(credentials), { dev: credentials.kind === 'dev' }).start();
}

/** Opened in a plain browser against a production server: there is no way to know who this is. */
function showOutsideTeams(root: HTMLElement): void {
  root.setAttribute('aria-busy', 'false');
  replace(
    root,
    h(
      'section',
      { class: 'outside', role: 'alert' },
      h('h1', {}, 'Open Job Tracker in Microsoft Teams'),
      h('p', {}, 'This dashboard shows your saved jobs, so it needs to know who you are: open it as the Job Tracker tab in Teams, where you are signed in.'),
    ),
  );
}

function applyTheme(theme: string): void {
  document.body.dataset.theme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

class Dashboard {
  private readonly state: State = { view: { ...DEFAULT_VIEW }, selected: new Set() };
  private readonly pipeline = h('section', { class: 'pipeline', 'aria-label': 'Pipeline' });
  private readonly table = h('div', { class: 'table-scroll' });
  private readonly summary = h('p', { class: 'summary muted', 'aria-live': 'polite' });
  private readonly compareButton = h('button', { type: 'button', class: 'primary', disabled: true, onclick: () => void this.compare() }, 'Compare');
  private readonly statusFilter = h('select', { id: 'status-filter', 'aria-label': 'Status' });
  private readonly textFilter = h('input', { id: 'text-filter', type: 'search', placeholder: 'Search title, company, location', 'aria-label': 'Search' });
  private readonly toast = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite' });
  private readonly detailDialog = h('dialog', { class: 'panel', 'aria-labelledby': 'detail-title' });
  private readonly compareDialog = h('dialog', { class: 'panel wide', 'aria-labelledby': 'compare-title' });

  constructor(
    private readonly root: HTMLElement,
    private readonly api: TabApiClient,
    private readonly options: { dev: boolean },
  ) {}

  start(): void {
    this.layout();
    void this.reload();
  }

  private layout(): void {
    this.statusFilter.append(h('option', { value: '' }, 'All statuses'), ...statuses.map((s) => h('option', { value: s }, statusLabels[s])));
    this.statusFilter.addEventListener('change', () => this.setView({ status: this.statusFilter.value as Status | '' }));
    this.textFilter.addEventListener('input', () => this.setView({ text: this.textFilter.value }));
    this.detailDialog.addEventListener('close', () => (this.state.openJobId = undefined));
    replace(
      this.root,
      h(
        'header',
        { class: 'top' },
        h('div', {}, h('h1', {}, 'Job Tracker'), h('p', { class: 'muted' }, 'Your saved jobs, where each one stands, and what happened.')),
        h(
          'div',
          { class: 'top-actions' },
          this.options.dev && h('span', { class: 'badge', title: 'Local mode: no Teams sign-in, the tab acts as the development user' }, 'Development identity (local mode)'),
          h('button', { type: 'button', class: 'secondary', onclick: () => void this.exportCsv() }, 'Export CSV'),
        ),
      ),
      this.pipeline,
      h(
        'section',
        { class: 'collection', 'aria-label': 'Your jobs' },
        h(
          'div',
          { class: 'toolbar' },
          h('label', { class: 'field' }, h('span', {}, 'Status'), this.statusFilter),
          h('label', { class: 'field grow' }, h('span', {}, 'Search'), this.textFilter),
          h('div', { class: 'compare-action' }, h('span', { class: 'muted hint' }, `Select ${COMPARE_MIN}–${COMPARE_MAX} rows to compare`), this.compareButton),
        ),
        this.summary,
        this.table,
      ),
      this.toast,
      this.detailDialog,
      this.compareDialog,
    );
    this.root.setAttribute('aria-busy', 'false');
  }

  private async reload(): Promise<void> {
    try {
      this.state.data = await this.api.jobs();
      const known = new Set(this.state.data.jobs.map((j) => j.id));
      for (const id of this.state.selected) if (!known.has(id)) this.state.selected.delete(id);
      this.render();
    } catch (error) {
      this.fail(error);
    }
  }

  private setView(change: Partial<TableView>): void {
    this.state.view = { ...this.state.view, ...change };
    this.render();
  }

  private sortBy(key: SortKey): void {
    const { view } = this.state;
    // A new column starts with what people look for first: text A→Z, numbers and dates highest/newest first.
    const descending = view.sort === key ? !view.descending : !['company', 'title', 'location', 'status'].includes(key);
    this.setView({ sort: key, descending });
  }

  private render(): void {
    const data = this.state.data;
    if (!data) return;
    renderPipeline(this.pipeline, data.pipeline, (status) => {
      this.statusFilter.value = status;
      this.setView({ status });
    });
    const shown = sortJobs(filterJobs(data.jobs, this.state.view), this.state.view);
    renderTable(this.table, shown, this.state.view, this.state.selected, {
      onSort: (key) => this.sortBy(key),
      onOpen: (job) => void this.open(job.id),
      onSelect: (id, selected) => this.select(id, selected),
    });
    const filtered = shown.length !== data.jobs.length;
    this.summary.textContent =
      data.jobs.length === 0
        ? 'No saved jobs yet: paste a job link into the chat with Job Tracker and it appears here.'
        : `${filtered ? `${shown.length} of ` : ''}${data.jobs.length} ${data.jobs.length === 1 ? 'job' : 'jobs'}${data.truncated ? ` (the newest ${data.jobs.length} of ${data.total})` : ''}`;
    const count = this.state.selected.size;
    this.compareButton.disabled = count < COMPARE_MIN || count > COMPARE_MAX;
    this.compareButton.textContent = count > 0 ? `Compare (${count})` : 'Compare';
  }

  private select(id: string, selected: boolean): void {
    if (selected && this.state.selected.size >= COMPARE_MAX) {
      this.notify(`Compare takes at most ${COMPARE_MAX} jobs.`, true);
    } else if (selected) {
      this.state.selected.add(id);
    } else {
      this.state.selected.delete(id);
    }
    this.render();
  }

  private async open(jobId: string): Promise<void> {
    this.state.openJobId = jobId;
    try {
      this.showDetail(await this.api.job(jobId));
    } catch (error) {
      this.fail(error);
    }
  }

  private showDetail(detail: Awaited<ReturnType<TabApiClient['job']>>): void {
    const jobId = detail.job.id;
    renderDetail(this.detailDialog, detail, {
      onStatus: (status) => void this.change(jobId, () => this.api.setStatus(jobId, status), `Moved to ${statusLabels[status]}`),
      onAddNote: (text) => void this.change(jobId, () => this.api.addNote(jobId, text), 'Note saved'),
      onDeleteNote: (noteId) => void this.change(jobId, () => this.api.deleteNote(jobId, noteId), 'Note deleted'),
      onClose: () => this.detailDialog.close(),
    });
    if (!this.detailDialog.open) this.detailDialog.showModal();
  }

  /** Runs one change of a job, shows the job as it is afterwards, and refreshes the table and the pipeline. */
  private async change(jobId: string, run: () => Promise<Awaited<ReturnType<TabApiClient['job']>>>, done: string): Promise<void> {
    try {
      const detail = await run();
      if (this.state.openJobId === jobId) this.showDetail(detail);
      this.notify(done);
      await this.reload();
    } catch (error) {
      this.fail(error);
    }
  }

  private async compare(): Promise<void> {
    const data = this.state.data;
    if (!data) return;
    // In the table's current order, so the columns read as the rows did.
    const order = sortJobs(data.jobs, this.state.view).map((j: TabJob) => j.id);
    const ids = order.filter((id) => this.state.selected.has(id));
    try {
      const comparison = await this.api.compare(ids);
      renderComparison(this.compareDialog, comparison, () => this.compareDialog.close());
      if (!this.compareDialog.open) this.compareDialog.showModal();
    } catch (error) {
      this.fail(error);
    }
  }

  private async exportCsv(): Promise<void> {
    try {
      const { url } = await this.api.exportLink();
      // The link is signed for this user and works for ten minutes; the browser downloads it like any file.
      const link = h('a', { href: url, download: '', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      this.notify('Your CSV is downloading.');
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const message = error instanceof ApiError ? error.message : 'Something went wrong. Check your connection and try again.';
    this.notify(message, true);
    if (error instanceof ApiError && error.status === 401 && !this.state.data) {
      replace(this.table, h('p', { class: 'error', role: 'alert' }, message));
    }
  }

  private notify(message: string, isError = false): void {
    // A modal dialog covers the page: the message goes on top of whatever is open.
    const host = [this.compareDialog, this.detailDialog].find((d) => d.open) ?? this.root;
    if (this.toast.parentElement !== host) host.append(this.toast);
    this.toast.textContent = message;
    this.toast.className = `toast visible${isError ? ' error' : ''}`;
    window.clearTimeout(Number(this.toast.dataset.timer));
    this.toast.dataset.timer = String(window.setTimeout(() => (this.toast.className = 'toast'), isError ? 8000 : 3000));
  }
}

void start();
