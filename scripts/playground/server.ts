import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';

/** A running Microsoft 365 Agents Playground. */
export interface RunningPlayground {
  /** The web UI, e.g. http://localhost:56150 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Options of {@link startPlayground}. */
export interface PlaygroundOptions {
  /** The bot's messaging endpoint. */
  appEndpoint: string;
  /** Port to ask for; the Playground silently takes another when it is busy, so the real one is read back. */
  port: number;
  /** The `.m365agentsplayground.yml` to use. */
  configPath: string;
  /** Where the Playground writes its own log (it prints almost nothing). */
  logFile: string;
}

/**
 * Starts the Playground fully offline: no browser opened, no telemetry, and no Application Insights
 * statsbeat (without that variable it still probes the network despite --disable-telemetry).
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  // Run its node script directly: through npx, a SIGTERM leaves the server holding the port.
  const child = spawn(
    process.execPath,
    [cli, 'start', '--app-endpoint', options.appEndpoint, '--port', String(options.port), '--channel-id', 'msteams', '--disable-telemetry'],
    {
      cwd: path.dirname(options.configPath),
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = line.match(/Listening on (\d+)/);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`the Playground exited (${code}); see ${options.logFile}`)));
  });
  const url = `http://localhost:${port}`;
  // "Listening" is printed even when the config is invalid; the ping route exists only once it loaded.
  await waitFor(async () => (await fetch(`${url}/_debug/ping`)).ok, exited, options.logFile);
  return {
    url,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitFor(check: () => Promise<boolean>, exited: Promise<unknown>, logFile: string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !gone) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the Playground did not become ready; see ${logFile}`);
}
