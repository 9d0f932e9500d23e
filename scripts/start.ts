import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startApp, type RunningApp } from '../src/main';
import { startDemoSite, type DemoSite } from './demo/site';
import { startPlayground, type RunningPlayground } from './playground/server';

/**
 * `npm start`: the bot with its embedded database, a small site of demo job pages, and the
 * Microsoft 365 Agents Playground pointed at the bot. Ctrl+C stops all of it.
 */

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND_PORT = 56150;

/** Reads `env/.env.<name>` and its `.user` companion into the environment; what is already set wins. */
function loadEnvFiles(name: string): void {
  for (const file of [`env/.env.${name}`, `env/.env.${name}.user`]) {
    const full = path.join(ROOT, file);
    if (!fs.existsSync(full)) continue;
    for (const line of fs.readFileSync(full, 'utf8').split('\n')) {
      const match = line.match(/^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/);
      if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
    }
  }
}

/** One readable line per log record, for a person watching the terminal. */
const humanLog = {
  write(line: string) {
    const { level, msg, time: _time, service: _service, pid: _pid, hostname: _host, ...fields } = JSON.parse(line);
    const extra = Object.entries(fields)
      .filter(([, v]) => typeof v !== 'object')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const error = fields.err ? `\n    ${fields.err.stack ?? fields.err.message}` : '';
    process.stdout.write(`${level >= 50 ? 'ERROR ' : level >= 40 ? 'warn  ' : ''}${msg}${extra ? `  (${extra})` : ''}${error}\n`);
  },
};

async function main(): Promise<void> {
  loadEnvFiles('local');
  const config = loadConfig();
  const log = createLogger(config.logLevel, humanLog);
  let app: RunningApp | undefined;
  let demo: DemoSite | undefined;
  let playground: RunningPlayground | undefined;

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await playground?.stop();
    await demo?.close();
    await app?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    if (!config.database.uri) console.log('Starting the embedded database (the first run builds FerretDB with Go: a few minutes)…');
    app = await startApp(config, { log });
    demo = await startDemoSite();
    playground = await startPlayground({
      appEndpoint: `${app.url}/api/messages`,
      port: PLAYGROUND_PORT,
      configPath: path.join(ROOT, '.m365agentsplayground.yml'),
      logFile: path.join(config.database.dataDir, 'm365agentsplayground.log'),
    });
  } catch (error) {
    console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
    return;
  }
  console.log(`
Job Tracker is running.
  Bot:               ${app.url}/api/messages
  Agents Playground: ${playground.url}   ← open this in your browser
  Demo job pages:    ${demo.examples.map((u) => `\n    ${u}`).join('')}
Paste one of the demo links (or any public job link) into the Playground's chat. Ctrl+C stops everything.
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
