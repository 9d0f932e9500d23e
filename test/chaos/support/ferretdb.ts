import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ensureFerretDbBinary, ferretDbCommand } from '../../../src/db/ferretdb';
import { createLogger } from '../../../src/logger';
import { REPO_ROOT, sleep } from './botProcess';

/** A FerretDB the test owns, on a port that stays the same across restarts, so the bot's URI stays valid. */
export interface OwnFerretDb {
  uri: string;
  port: number;
  dataDir: string;
  alive(): boolean;
  /** Kills the server (SIGKILL by default: the database disappears, as in a crash). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts FerretDB on `port` with its data in `dataDir` and waits until it answers ping, with the command
 * `startFerretDb` in src/db/ferretdb.ts runs; that picks a free port itself and so cannot restart a server on
 * the same address: a database that comes back must come back where the bot looks for it.
 */
export async function startOwnFerretDb(options: { port: number; dataDir: string; timeoutMs?: number }): Promise<OwnFerretDb> {
  const { port, dataDir } = options;
  const binary = await ensureFerretDbBinary(path.join(REPO_ROOT, '.cache'), createLogger('warn'));
  fs.mkdirSync(dataDir, { recursive: true });
  const [command, ...args] = ferretDbCommand(binary, dataDir, port);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });
  running.add(child.pid!);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child.pid!);
      resolve();
    }),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  const uri = `mongodb://127.0.0.1:${port}/`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await answersPing(uri))) {
    if (!alive() || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not start on port ${port}:\n${stderr.join('')}`);
    }
    await sleep(100);
  }
  return {
    uri,
    port,
    dataDir,
    alive,
    async kill(signal = 'SIGKILL') {
      if (!alive()) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** Whether a MongoDB-wire server answers ping at `uri` within half a second. */
export async function answersPing(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
