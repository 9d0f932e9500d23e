import type { TabJob } from '../../src/tab/tabApi';
import { furthestStage, pipelineOf } from '../../src/tab/pipeline';
import type { Status } from '../../src/tracking/trackedJob';
import { filterJobs, sortJobs } from '../../web/tab/table';

const job = (id: string, overrides: Partial<TabJob> = {}): TabJob => ({
  id,
  postingId: `p-${id}`,
  status: 'saved',
  title: 'Engineer',
  company: 'Contoso',
  location: 'Berlin',
  remote: 'unknown',
  employmentType: '',
  salary: '',
  lastChange: '2026-11-01T10:00:00.000Z',
  url: '',
  open: true,
  ...overrides,
});

describe('the pipeline: funnel and response rate', () => {
  const cases: Array<[string, Status[], number]> = [
    ['a job only saved', ['saved'], 0],
    ['a job applied to', ['saved', 'applied'], 1],
    ['a job rejected after an interview', ['saved', 'applied', 'interviewing', 'rejected'], 2],
    ['a job marked rejected straight from saved (an employer can only reject an application)', ['saved', 'rejected'], 1],
    ['a job ghosted after applying', ['saved', 'applied', 'ghosted'], 1],
    ['a job withdrawn before applying', ['saved', 'withdrawn'], 0],
    ['an accepted offer', ['saved', 'applied', 'interviewing', 'offer', 'accepted'], 4],
    ['a job moved back to saved after an offer', ['saved', 'applied', 'offer', 'saved'], 3],
  ];

  test.each(cases)('when the journey is %s (%j), then its furthest stage is %i', (_name, history, stage) => {
    expect(furthestStage(history)).toBe(stage);
  });

  test('when jobs are at different stages, then each counts in every stage it reached, and rejections count as answers', () => {
    const pipeline = pipelineOf([
      { status: 'saved', statusHistory: ['saved'] },
      { status: 'applied', statusHistory: ['saved', 'applied'] },
      { status: 'ghosted', statusHistory: ['saved', 'applied', 'ghosted'] },
      { status: 'rejected', statusHistory: ['saved', 'applied', 'rejected'] },
      { status: 'rejected', statusHistory: ['saved', 'applied', 'interviewing', 'rejected'] },
      { status: 'offer', statusHistory: ['saved', 'applied', 'interviewing', 'offer'] },
      { status: 'withdrawn', statusHistory: ['saved', 'withdrawn'] },
    ]);

    expect(pipeline.funnel.map((s) => [s.label, s.count])).toEqual([['Saved', 7], ['Applied', 5], ['Interviewing', 2], ['Offer', 1]]);
    expect(pipeline.response).toEqual({ applied: 5, responded: 3, rate: 0.6 });
    expect(pipeline.counts).toEqual({ saved: 1, applied: 1, interviewing: 0, offer: 1, accepted: 0, rejected: 2, withdrawn: 1, ghosted: 1 });
  });

  test('when nothing was applied to, then there is no response rate rather than 0%', () => {
    expect(pipelineOf([{ status: 'saved', statusHistory: ['saved'] }]).response).toEqual({ applied: 0, responded: 0, rate: undefined });
  });
});

describe('the table: filters and sorting', () => {
  const jobs = [
    job('a', { company: 'Contoso', title: 'Platform Engineer', location: 'Berlin', status: 'applied', salaryPerYear: 90000, match: 40, expires: '2027-01-31T00:00:00.000Z', lastChange: '2026-11-03T10:00:00.000Z' }),
    job('b', { company: 'fabrikam', title: 'Data Analyst', location: 'Munich', status: 'saved', salaryPerYear: 60000, lastChange: '2026-11-05T10:00:00.000Z' }),
    job('c', { company: 'Northwind', title: 'Engineering Manager', location: 'Remote', status: 'interviewing', match: 80, expires: '2026-12-01T00:00:00.000Z', lastChange: '2026-11-01T10:00:00.000Z' }),
  ];
  const ids = (list: TabJob[]) => list.map((j) => j.id);

  test('when filtering by status and words, then every word must appear in the title, company or location, in any case', () => {
    expect(ids(filterJobs(jobs, { status: '', text: 'ENGINEER' }))).toEqual(['a', 'c']);
    expect(ids(filterJobs(jobs, { status: '', text: 'engineer berlin' }))).toEqual(['a']);
    expect(ids(filterJobs(jobs, { status: 'saved', text: '' }))).toEqual(['b']);
    expect(ids(filterJobs(jobs, { status: 'saved', text: 'engineer' }))).toEqual([]);
  });

  test('when sorting by a column, then jobs without a value come last in both directions', () => {
    expect(ids(sortJobs(jobs, { sort: 'salary', descending: true }))).toEqual(['a', 'b', 'c']);
    expect(ids(sortJobs(jobs, { sort: 'salary', descending: false }))).toEqual(['b', 'a', 'c']);
    expect(ids(sortJobs(jobs, { sort: 'match', descending: true }))).toEqual(['c', 'a', 'b']);
    expect(ids(sortJobs(jobs, { sort: 'expires', descending: false }))).toEqual(['c', 'a', 'b']);
  });

  test('when sorting by text or status, then case does not matter and statuses follow the journey\'s order', () => {
    expect(ids(sortJobs(jobs, { sort: 'company', descending: false }))).toEqual(['a', 'b', 'c']);
    expect(ids(sortJobs(jobs, { sort: 'status', descending: false }))).toEqual(['b', 'a', 'c']);
    expect(ids(sortJobs(jobs, { sort: 'lastChange', descending: true }))).toEqual(['b', 'a', 'c']);
  });
});
