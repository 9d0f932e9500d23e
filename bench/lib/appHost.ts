/**
 * Runs the bot under test in a process of its own, so the load driver and the local connector (in the
 * bench's process) neither share its event loop nor count in its memory. The child starts either the
 * whole product (`startApp(loadConfig(env))`) or the bare echo bot, and answers the parent over IPC.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the bench can ask the host to run. */
export type HostMode = 'app' | 'echo';

/** The host process's resource use. */
export interface HostStats {
  pid: number;
  /** Resident set size now, bytes. */
  rss: number;
  /** Highest RSS since start (the kernel's figure), bytes. */
  maxRss: number;
  /** Highest RSS sampled (every 50 ms) since the last `resetPeak`, bytes. */
  peakRssSinceReset: number;
  /** CPU time (user + system) since start, ms. */
  cpuMs: number;
  /** V8 heap in use and reserved, and memory outside it (buffers), bytes. */
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Database commands the product sent, by command, collection and filter fields (with `countDbCommands`). */
  dbCommands?: Record<string, CommandTally>;
}

/** How many times a command was sent, and the time from sending it to its answer, summed (ms). */
export interface CommandTally {
  count: number;
  ms: number;
}

type Request =
  | { id: number; type: 'start'; mode: HostMode; env: Record<string, string>; countDbCommands: boolean }
  | { id: number; type: 'stats' | 'resetPeak' | 'stop' };
type ReplyBody = { ok: true; url?: string; stats?: HostStats } | { ok: false; error: string };
type Reply = ReplyBody & { id: number };

/** A running host, seen from the bench. */
export interface AppHost {
  pid: number;
  /** Base URL of the bot (`/api/messages` is under it). */
  url: string;
  stats(): Promise<HostStats>;
  resetPeak(): Promise<void>;
  /** Stops the bot (server, scheduler, database client) and waits for the process to exit; returns its last figures. */
  stop(): Promise<HostStats>;
}

/** How the host runs. */
export interface HostOptions {
  /** A compiled copy of the project (`compileProject`): the host runs plain JavaScript, as production does. Without it, TypeScript through tsx. */
  build?: CompiledProject;
  /** Extra Node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Count the database commands the product sends (the driver's command monitoring; the product is not changed). */
  countDbCommands?: boolean;
}

/** Starts a host process running `mode` with the product's environment `env`. */
export async function startAppHost(mode: HostMode, env: Record<string, string> = {}, options: HostOptions = {}): Promise<AppHost> {
  // Under tsx the parent's flags load TypeScript; a TypeScript child needs the same.
  const tsFlags = process.execArgv.some((arg) => arg.includes('tsx')) ? process.execArgv : ['--import', 'tsx'];
  const script = options.build ? path.join(options.build.dir, 'bench/lib/appHost.js') : __filename;
  const execArgv = [...(options.build ? [] : tsFlags), ...(options.nodeArgs ?? [])];
  const child = fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = requester(child);
  let started: Reply;
  try {
    started = await ask({ type: 'start', mode, env, countDbCommands: options.countDbCommands ?? false });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    pid: child.pid!,
    url: (started as { url: string }).url,
    stats: async () => ((await ask({ type: 'stats' })) as { stats: HostStats }).stats,
    resetPeak: async () => void (await ask({ type: 'resetPeak' })),
    async stop() {
      const reply = (await ask({ type: 'stop' })) as { stats: HostStats };
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      return reply.stats;
    },
  };
}

/** The project compiled to JavaScript (the project's own `tsc` settings), in a folder under `.cache/` so `node_modules` resolves. */
export interface CompiledProject {
  dir: string;
  dispose(): void;
}

/**
 * Compiles the project as `npm run build` does, but into a temporary folder: tsx keeps its transformer and
 * source maps in memory (about 85 MB more RSS for the same bot), which would blur the product's own figures.
 */
export async function compileProject(): Promise<CompiledProject> {
  const root = path.resolve(__dirname, '../..');
  fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, '.cache', 'bench-build-'));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json'), '--outDir', dir, '--sourceMap', 'false'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (!fs.existsSync(path.join(dir, 'bench/lib/appHost.js'))) {
    dispose();
    throw new Error(`compiling the project failed (${code}):\n${output.join('').slice(0, 2000)}`);
  }
  // Type errors elsewhere in the tree (someone's work in progress) do not stop the emit; say so.
  if (code !== 0) console.warn(`note: tsc reported type errors (emitted anyway):\n${output.join('').split('\n').slice(0, 5).join('\n')}`);
  return { dir, dispose };
}

function requester(child: ChildProcess): (request: Omit<Request, 'id'> & Partial<Request>) => Promise<Reply> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  child.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiter) return;
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(new Error(`app host: ${reply.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`app host exited (${code ?? signal})`));
    pending.clear();
  });
  return (request) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
}

// ---------------------------------------------------------------------------------------------
// The child side

function serveHost(): void {
  let stop: (() => Promise<void>) | undefined;
  let peak = 0;
  let dbCommands: Record<string, CommandTally> | undefined;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  const stats = (): HostStats => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    return {
      pid: process.pid,
      rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      peakRssSinceReset: peak,
      cpuMs: (cpu.user + cpu.system) / 1000,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      dbCommands: dbCommands && structuredClone(dbCommands),
    };
  };
  const reply = (message: Reply, then?: () => void) => process.send?.(message, undefined, {}, () => then?.());
  const shutdown = async () => {
    clearInterval(sampler);
    await stop?.();
    stop = undefined;
  };

  process.on('message', (request: Request) => {
    const run = async (): Promise<ReplyBody> => {
      switch (request.type) {
        case 'start': {
          // Loaded on demand, so the echo bot's process holds only what the echo bot needs.
          if (request.mode === 'echo') {
            const { startEchoBot } = require('./echoBot') as typeof import('./echoBot');
            const server = await startEchoBot();
            stop = () => server.close();
            return { ok: true, url: server.url };
          }
          if (request.countDbCommands) dbCommands = countDatabaseCommands();
          const { loadConfig } = require('../../src/config') as typeof import('../../src/config');
          const { createLogger } = require('../../src/logger') as typeof import('../../src/logger');
          const { startApp } = require('../../src/main') as typeof import('../../src/main');
          const config = loadConfig(request.env);
          const app = await startApp(config, { log: createLogger(config.logLevel) });
          stop = () => app.stop();
          return { ok: true, url: app.url };
        }
        case 'stats':
          return { ok: true, stats: stats() };
        case 'resetPeak':
          peak = 0;
          return { ok: true };
        case 'stop': {
          await shutdown();
          return { ok: true, stats: stats() };
        }
      }
    };
    run().then(
      (answer) => reply({ ...answer, id: request.id }, request.type === 'stop' ? () => process.disconnect() : undefined),
      (error: unknown) => reply({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  // The bench went away (or asked to stop): leave nothing running.
  process.on('disconnect', () => {
    shutdown().finally(() => process.exit(0));
  });
}

/**
 * Makes every MongoClient created from now on report its commands, counted and timed (sent to answered) as
 * "command collection {filter fields}". It swaps the driver's exported class for a subclass that turns on command monitoring; the
 * product's code (which reads `mongodb.MongoClient` when it connects) is unchanged.
 */
function countDatabaseCommands(): Record<string, CommandTally> {
  const counts: Record<string, CommandTally> = {};
  const mongodb = require('mongodb') as typeof import('mongodb') & { MongoClient: unknown };
  const Original = mongodb.MongoClient as typeof import('mongodb').MongoClient;
  class CountingClient extends Original {
    constructor(url: string, options: import('mongodb').MongoClientOptions = {}) {
      super(url, { ...options, monitorCommands: true });
      const sent = new Map<number, CommandTally>();
      this.on('commandStarted', (event) => {
        const tally = (counts[describeCommand(event.commandName, event.command as Record<string, unknown>)] ??= { count: 0, ms: 0 });
        tally.count += 1;
        sent.set(event.requestId, tally);
      });
      const answered = (event: { requestId: number; duration: number }) => {
        const tally = sent.get(event.requestId);
        sent.delete(event.requestId);
        if (tally) tally.ms += event.duration;
      };
      this.on('commandSucceeded', answered);
      this.on('commandFailed', answered);
    }
  }
  Object.defineProperty(mongodb, 'MongoClient', { value: CountingClient, configurable: true, writable: true, enumerable: true });
  return counts;
}

function describeCommand(name: string, command: Record<string, unknown>): string {
  const collection = typeof command[name] === 'string' ? command[name] : '';
  // Field names, with the operator where a field has one (`_id:$in`); a sort may arrive as a Map.
  const fields = (filter: unknown) => {
    const entries = filter instanceof Map ? [...filter.entries()] : Object.entries((filter as object | undefined) ?? {});
    return `{${entries
      .map(([key, value]) => {
        const operators = value && typeof value === 'object' && !(value instanceof Date) ? Object.keys(value).filter((k) => k.startsWith('$')) : [];
        return operators.length ? `${key}:${operators.join('/')}` : key;
      })
      .join(',')}}`;
  };
  switch (name) {
    case 'find':
      return `find ${collection} ${fields(command.filter)}${command.sort ? ` sort ${fields(command.sort)}` : ''}`;
    case 'update':
      return `update ${collection} ${fields((command.updates as Array<{ q: unknown }>)[0]?.q)}`;
    case 'delete':
      return `delete ${collection} ${fields((command.deletes as Array<{ q: unknown }>)[0]?.q)}`;
    case 'findAndModify':
      return `findAndModify ${collection} ${fields(command.query)}`;
    case 'count':
      return `count ${collection} ${fields(command.query)}`;
    case 'aggregate':
      return `aggregate ${collection}`;
    default:
      return `${name} ${collection}`.trim();
  }
}

if (require.main === module) serveHost();
