import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root: children run `src/main.ts` from here, as `npm run start:bot` does. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Where the children's logs go (kept after the run for CI artifacts; `test-output/` is not committed). */
export const CHAOS_OUTPUT = path.join(REPO_ROOT, 'test-output', 'chaos');

/** A bot started as a real operating-system process: `node --import tsx src/main.ts`. */
export interface BotProcess {
  name: string;
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  logFile: string;
  /** Resolves when the process is gone, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** Sends a signal to the process group and waits (bounded) until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The last lines the process wrote, for failure messages. */
  tail(lines?: number): string;
}

/** Settings a child is started with (the keys `src/config.ts` reads). */
export type BotEnv = Record<string, string>;

const running = new Set<BotProcess>();
/** Tells this run's logs from earlier ones' (they stay for comparison; CI starts clean). */
const RUN_ID = new Date().toISOString().replace(/[:.]/g, '-');

// A test that times out or throws must not leave bots behind: kill every group we started when jest exits.
process.once('exit', () => {
  for (const bot of running) killGroup(bot.pid, 'SIGKILL');
});

/**
 * Starts the bot as its own process group on a free port and waits until `/healthz` answers 200.
 * The environment holds only what the bot reads, so nothing of jest's leaks into the product's config.
 */
export async function startBotProcess(name: string, env: BotEnv, options: { readyTimeoutMs?: number } = {}): Promise<BotProcess> {
  fs.mkdirSync(CHAOS_OUTPUT, { recursive: true });
  const port = await freePort();
  const logFile = path.join(CHAOS_OUTPUT, `${RUN_ID}-${name}.log`);
  const log = fs.createWriteStream(logFile, { flags: 'w' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env, PORT: String(port), APP_MODE: 'local' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so kill(-pid) reaches anything it starts
  });
  const recent: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.write(`${line}\n`);
      recent.push(line);
      if (recent.length > 300) recent.shift();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(bot);
      resolve({ code, signal });
    }),
  );
  void exited.then(() => setTimeout(() => log.end(), 200));
  const bot: BotProcess = {
    name,
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    logFile,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal = 'SIGKILL') {
      if (!bot.alive()) return;
      killGroup(bot.pid, signal);
      const escalate = setTimeout(() => killGroup(bot.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(escalate);
    },
    tail: (lines = 40) => recent.slice(-lines).join('\n'),
  };
  running.add(bot);
  const ready = await waitForHealth(bot, options.readyTimeoutMs ?? 30_000);
  if (!ready) {
    await bot.kill('SIGKILL');
    throw new Error(`bot ${name} did not become ready on port ${port}:\n${bot.tail()}`);
  }
  return bot;
}

/** Kills every bot this test file started (afterAll). */
export async function killAllBotProcesses(): Promise<void> {
  await Promise.all([...running].map((bot) => bot.kill('SIGKILL')));
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function waitForHealth(bot: BotProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && bot.alive()) {
    try {
      const response = await fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

/** A port nobody listens on right now (the OS's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The settings every chaos bot runs with: the test's database, a scheduler that looks often (so a run
 * takes seconds, not minutes), the fixture site allowed, and a worker name that shows in delivery claims.
 */
export function chaosBotEnv(database: { uri: string; name: string }, worker: string, extra: BotEnv = {}): BotEnv {
  return {
    MONGODB_URI: database.uri,
    MONGODB_DB: database.name,
    SCHEDULER_ENABLED: 'true',
    SCHEDULER_PROCESS_EVERY_MS: '500',
    REMINDER_SWEEP_EVERY_MS: '1000',
    WORKER_ID: worker,
    FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    ...extra,
  };
}
