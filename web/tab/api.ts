import type { TabComparison, TabErrorBody, TabExportLink, TabJobDetail, TabJobsResponse } from '../../src/tab/tabApi';
import type { Status } from '../../src/tracking/trackedJob';

/** A refusal from the API, with the sentence to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How requests are authenticated: an SSO token in Teams, the development identity in local mode. */
export type Credentials = { kind: 'sso'; token: () => Promise<string> } | { kind: 'dev' };

/** The tab's API (`/api/tab/...`). Every call carries the caller's credentials and time zone. */
export class TabApiClient {
  constructor(private readonly credentials: Credentials) {}

  jobs(): Promise<TabJobsResponse> {
    return this.call('GET', '/api/tab/jobs');
  }

  job(id: string): Promise<TabJobDetail> {
    return this.call('GET', `/api/tab/jobs/${encodeURIComponent(id)}`);
  }

  setStatus(id: string, status: Status): Promise<TabJobDetail> {
    return this.call('POST', `/api/tab/jobs/${encodeURIComponent(id)}/status`, { status });
  }

  addNote(id: string, text: string): Promise<TabJobDetail> {
    return this.call('POST', `/api/tab/jobs/${encodeURIComponent(id)}/notes`, { text });
  }

  deleteNote(id: string, noteId: string): Promise<TabJobDetail> {
    return this.call('DELETE', `/api/tab/jobs/${encodeURIComponent(id)}/notes/${encodeURIComponent(noteId)}`);
  }

  compare(jobIds: readonly string[]): Promise<TabComparison> {
    return this.call('POST', '/api/tab/compare', { jobIds });
  }

  exportLink(): Promise<TabExportLink> {
    return this.call('POST', '/api/tab/export-link', {});
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Time-Zone': Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
      // One id per action: a retried request is recorded once in the job's journey.
      'X-Request-Id': requestId(),
    };
    if (this.credentials.kind === 'sso') headers.Authorization = `Bearer ${await this.credentials.token()}`;
    else headers['X-Dev-Identity'] = '1';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    const text = await response.text();
    let value: unknown;
    try {
      value = text ? JSON.parse(text) : undefined;
    } catch {
      value = undefined; // a proxy's HTML error page: reported below by status
    }
    if (!response.ok) {
      const error = (value as TabErrorBody | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? 'HTTP', error?.message ?? `The server answered ${response.status}. Try again in a moment.`);
    }
    return value as T;
  }
}

/** A random id (crypto.randomUUID needs a secure context; getRandomValues does not). */
function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
