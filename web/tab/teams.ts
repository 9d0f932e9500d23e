import { app, authentication } from '@microsoft/teams-js';

/** The Teams host the page runs in. */
export interface TeamsHost {
  /** `default`, `dark` or `contrast`. */
  theme: string;
  /** An SSO token for our API (teams-js caches and renews it). */
  token(): Promise<string>;
  onThemeChange(handler: (theme: string) => void): void;
}

/** How long to wait for Teams to answer before deciding the page is not in Teams. */
const INITIALIZE_TIMEOUT_MS = 5000;

/** Connects to Teams; undefined when the page is not running inside Teams (initialize fails or never answers). */
export async function connectToTeams(timeoutMs = INITIALIZE_TIMEOUT_MS): Promise<TeamsHost | undefined> {
  try {
    await withTimeout(app.initialize(), timeoutMs);
    const context = await withTimeout(app.getContext(), timeoutMs);
    app.notifySuccess();
    return {
      theme: context.app.theme ?? 'default',
      token: () => authentication.getAuthToken(),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler(handler),
    };
  } catch {
    // Top-level outside Teams, teams-js rejects at once ("No Parent window found"); in a foreign frame it never answers.
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Teams did not answer')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
